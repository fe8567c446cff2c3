package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.AwsCli;
import dev.guarddutyslack.testing.BuiltCheckout;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code sam deploy --guided} as a person runs it, with the real SAM CLI under a pseudo-terminal
 * ({@link SamCliTool#guided}), answering as the table of docs/deploy.md says. SAM CLI asks for every parameter; a NoEcho
 * one with {@code click.prompt(..., hide_input=True)} and no default, which asks again after an empty answer
 * ({@code samcli/commands/deploy/guided_context.py}, {@code prompt_parameters}). So the stack has exactly one
 * NoEcho parameter, the webhook a first deploy needs, and the variant for an existing secret has none.
 *
 * <p>The runs go on against moto: SAM CLI finds its managed bucket stack, saves its configuration file,
 * uploads the package to S3, and stops where moto cannot create the change set of a SAM template. Each test runs
 * in a copy of its own of the built checkout ({@code samconfig.toml} is written there), so that the runs go at
 * once.
 */
@ExtendWith(Moto.class)
@Execution(ExecutionMode.CONCURRENT)
class GuidedDeployTest {
  private static final String WEBHOOK = "https://hooks.slack.com/services/T0GUIDED/B0GUIDED/guided-webhook-value-01";

  @Test
  void aFirstDeployTypesOneWebhookAndAnUpgradeTypesNone() throws IOException {
    Path dir = BuiltCheckout.get().copy();
    AwsCli.require("sam deploy --guided");
    managedBucketStack();
    Path config = dir.resolve("samconfig.toml");
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("Stack Name", "guardduty-slack");
    answers.put("AWS Region", Moto.REGION);
    answers.put("Parameter WebhookUrl", WEBHOOK);
    // The README's quick start: these three typed, Enter at every other prompt.
    JsonNode first = SamCliTool.guided(dir, env(), answers, List.of("Parameter WebhookUrl"), null);
    System.out.println("sam deploy --guided, first deploy:\n" + transcript(first));
    assertThat(first.path("repeated")).as("no prompt is asked twice").isEmpty();
    assertThat(first.path("leaked")).as("the webhook is never shown").isEmpty();
    assertThat(parameterPrompts(first)).as("every parameter, in the template's order")
        .isEqualTo(parameters("template.yaml"));
    assertThat(hiddenPrompts(first)).containsExactly("Parameter WebhookUrl");
    assertThat(first.path("prompts").toString()).as("no open URL to ask about without triage")
        .doesNotContain("has no authentication");
    assertThat(String.join("\n", texts(first.path("tail")))).contains("\"WebhookUrl\": \"*****\"")
        .contains("Uploading to guardduty-slack/");
    assertThat(Files.readString(config)).contains("stack_name = \"guardduty-slack\"").doesNotContain(WEBHOOK,
        "WebhookUrl");

    // An upgrade reads the saved configuration; the webhook prompt takes "-", and nothing is written to the secret.
    Map<String, String> upgrade = Map.of("Parameter WebhookUrl", "-");
    JsonNode second = SamCliTool.guided(dir, env(), upgrade, List.of("Parameter WebhookUrl"), null);
    System.out.println("sam deploy --guided, upgrade:\n" + transcript(second));
    assertThat(second.path("repeated")).isEmpty();
    assertThat(prompt(second, "Stack Name").path("default").asText()).isEqualTo("guardduty-slack");
    assertThat(hiddenPrompts(second)).containsExactly("Parameter WebhookUrl");

    // The documented upgrade: a plain `sam deploy`, which reads samconfig.toml, asks nothing, and leaves the
    // hidden WebhookUrl to its default, "-".
    SamCliTool.Result plain = SamCliTool.run(dir, env(), java.time.Duration.ofMinutes(3), "deploy");
    System.out.println("sam deploy, upgrade:\n" + plain.output());
    String overrides = plain.output().lines().filter(l -> l.contains("Parameter overrides")).findFirst().orElse("");
    assertThat(overrides).as(plain.output()).contains("\"MinimumSeverity\": \"MEDIUM\"", "\"LogRetentionDays\": \"90\"")
        .doesNotContain("WebhookUrl");
    assertThat(plain.output()).contains("Initiating deployment").doesNotContain("Parameter WebhookUrl", "Missing");
  }

  @Test
  void withAnExistingSecretTheReleaseVariantAsksForNoWebhook() throws IOException {
    Path dist = BuiltCheckout.releaseFiles();
    AwsCli.require("sam deploy --guided");
    managedBucketStack();
    String version = Fixtures.projectVersion();
    Path downloads = Files.createTempDirectory("downloads");
    String template = "guardduty-slack-" + version + "-existing-secret.yaml";
    for (String file : List.of("guardduty-slack-" + version + ".zip", template)) {
      Files.copy(dist.resolve(file), downloads.resolve(file));
    }
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("Stack Name", "guardduty-slack-existing");
    answers.put("AWS Region", Moto.REGION);
    answers.put("Parameter ExistingWebhooksSecretArn",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guardduty-slack/webhooks-AbCdEf");
    answers.put("Confirm changes before deploy", "n");
    JsonNode run = SamCliTool.guided(downloads, env(), answers, List.of(), null, "--template-file", template);
    System.out.println("sam deploy --guided, existing secret:\n" + transcript(run));
    assertThat(run.path("repeated")).isEmpty();
    assertThat(hiddenPrompts(run)).as("no NoEcho prompt at all").isEmpty();
    assertThat(parameterPrompts(run)).doesNotContain("Parameter WebhookUrl")
        .contains("Parameter ExistingWebhooksSecretArn");
    assertThat(String.join("\n", texts(run.path("tail")))).contains("Uploading to guardduty-slack-existing/");
  }

  /**
   * With triage on, SAM CLI asks once about the triage function's URL, which has no AWS authentication (Slack
   * signs its requests instead); docs/deploy.md says to answer y. Without triage it never asks (above): SAM CLI
   * asks for every function with an AuthType of NONE, whatever the function's condition
   * ({@code samcli/commands/deploy/auth_utils.py}).
   */
  @Test
  void withTriageTheOpenUrlIsAskedAboutOnce() throws IOException {
    Path dir = BuiltCheckout.get().copy();
    AwsCli.require("sam deploy --guided");
    managedBucketStack();
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("Stack Name", "guardduty-slack-triage");
    answers.put("AWS Region", Moto.REGION);
    answers.put("Parameter WebhookUrl", WEBHOOK);
    answers.put("Parameter SlackSigningSecretArn",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guardduty-slack/slack-signing-secret-AbCdEf");
    answers.put("Parameter TriageUsers", "U0123ABCD,U0456EFGH");
    answers.put("Parameter SlackTeamId", "T0123ABCD");
    answers.put("Confirm changes before deploy", "n");
    answers.put("TriageFunction Function Url has no authentication. Is this okay?", "y");
    JsonNode run = SamCliTool.guided(dir, env(), answers, List.of("Parameter WebhookUrl"), null);
    System.out.println("sam deploy --guided, triage on:\n" + transcript(run));
    assertThat(run.path("repeated")).isEmpty();
    assertThat(run.path("prompts").toString()).containsOnlyOnce("has no authentication");
    assertThat(String.join("\n", texts(run.path("tail")))).contains("Uploading to guardduty-slack-triage/");
  }

  /** What the stack must avoid, shown on the real tool: an empty answer to a NoEcho prompt is asked again. */
  @Test
  void anEmptyAnswerToAHiddenPromptIsAskedAgain() {
    Path dir = BuiltCheckout.get().copy();
    JsonNode run = SamCliTool.guided(dir, env(), Map.of("Stack Name", "guardduty-slack"),
        List.of("Parameter WebhookUrl"), null);
    assertThat(run.path("repeated").toString()).contains("Parameter WebhookUrl");
  }

  /**
   * The stack SAM CLI keeps its deployment bucket in, as {@code sam deploy} would have made it on a first run
   * ({@code samcli/lib/utils/managed_cloudformation_stack.py} checks its tag and output).
   */
  private static synchronized void managedBucketStack() throws IOException {
    String stacks = AwsCli.aws(Moto.REGION, "cloudformation", "list-stacks", "--query",
        "StackSummaries[?StackName=='aws-sam-cli-managed-default' && StackStatus!='DELETE_COMPLETE'].StackName",
        "--output", "text");
    if (!stacks.isBlank()) {
      return;
    }
    Path template = Files.createTempFile("managed-stack", ".yaml");
    Files.writeString(template, "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  SamCliSourceBucket:\n"
        + "    Type: AWS::S3::Bucket\nOutputs:\n  SourceBucket:\n    Value: !Ref SamCliSourceBucket\n");
    AwsCli.aws(Moto.REGION, "cloudformation", "create-stack", "--stack-name", "aws-sam-cli-managed-default",
        "--template-body", "file://" + template, "--tags", "Key=ManagedStackSource,Value=AwsSamCli");
    Files.delete(template);
  }

  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>(AwsCli.environment(Moto.environment()));
    env.put("AWS_DEFAULT_REGION", Moto.REGION);
    return env;
  }

  private static List<String> parameters(String file) {
    List<String> names = new ArrayList<>();
    Template.load(file).root().path("Parameters").fieldNames().forEachRemaining(n -> names.add("Parameter " + n));
    return names;
  }

  private static List<String> parameterPrompts(JsonNode run) {
    List<String> labels = new ArrayList<>();
    run.path("prompts").forEach(p -> {
      if (p.path("label").asText().startsWith("Parameter ")) {
        labels.add(p.path("label").asText());
      }
    });
    return labels;
  }

  /** The parameter prompts with no default: those SAM CLI asks with hidden input. */
  private static List<String> hiddenPrompts(JsonNode run) {
    List<String> labels = new ArrayList<>();
    run.path("prompts").forEach(p -> {
      if (p.path("label").asText().startsWith("Parameter ") && p.path("default").isNull()) {
        labels.add(p.path("label").asText());
      }
    });
    return labels;
  }

  private static JsonNode prompt(JsonNode run, String label) {
    for (JsonNode p : run.path("prompts")) {
      if (label.equals(p.path("label").asText())) {
        return p;
      }
    }
    throw new AssertionError("no prompt " + label + " in " + run.path("prompts"));
  }

  private static String transcript(JsonNode run) {
    StringBuilder out = new StringBuilder();
    run.path("prompts").forEach(p -> out.append("  ").append(p.path("label").asText())
        .append(p.path("default").isNull() ? "" : " [" + p.path("default").asText() + "]").append(": ")
        .append(p.path("answer").asText()).append('\n'));
    return out.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
