package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shell commands of the README and of every page in {@code docs/}, as a reader pastes them: each variable is
 * set before a command uses it, every {@code aws} command is parsed and validated by the AWS CLI itself against
 * the service's API model ({@code src/test/python/aws_cli_requests.py}; nothing is sent), and the documented
 * {@code Routes} override is parsed by SAM CLI's own parser. Blocks that a test runs as they are (the forwarder
 * redrive, against moto) are left to that test.
 */
class DocumentedCommandsTest {
  /** Blocks another test runs end to end. */
  private static final Set<String> RUN_ELSEWHERE = Set.of("forwarder-redrive");
  private static final Pattern BLOCK = Pattern.compile("(?s)(?:<!-- ([a-z-]+)[^\\n]*-->\\n)?```sh\\n(.*?)```");
  private static final Pattern ASSIGNED = Pattern.compile("(?:^|[\\s;(])([A-Za-z_][A-Za-z0-9_]*)=");
  private static final Pattern LOOP = Pattern.compile("\\bfor ([A-Za-z_][A-Za-z0-9_]*) in\\b");
  private static final Pattern READ = Pattern.compile("\\bread (?:-[a-z]+ (?:'[^']*' )?)*([A-Za-z_][A-Za-z0-9_]*)");
  /** {@code : "${NAME:?what it is}"}: the block stops, saying what to set, unless the reader has set it. */
  private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):\\?");
  private static final Pattern USED = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  /** What a variable stands for, where the page sets it from a command: a value of its shape. */
  private static final Map<String, String> SAMPLES = Map.of("DETECTOR_ID", "12abc34d567e8fa901bc2d34e56789f0",
      "WEBHOOKS_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:guardduty-slack/webhooks-AbCdEf",
      "CENTRAL_ACCOUNT", "111122223333", "region", "us-east-1");

  /** One shell block of a page: its marker, if any, and its lines with continuations joined. */
  private record Block(Path page, String marker, List<String> lines) {}

  private static List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    for (Path page : Readme.pages()) {
      Matcher m = BLOCK.matcher(Fixtures.read(page));
      while (m.find()) {
        String text = m.group(2).replaceAll("(?m)^ {2,}", "").replace("\\\n", " ");
        blocks.add(new Block(page, m.group(1) == null ? "" : m.group(1), text.lines().toList()));
      }
    }
    assertThat(blocks).as("shell blocks in the documentation").hasSizeGreaterThan(10);
    return blocks;
  }

  @Test
  void everyVariableIsSetOnThePageBeforeACommandUsesIt() {
    List<String> unset = new ArrayList<>();
    Map<Path, Set<String>> setOnPage = new HashMap<>();
    for (Block block : blocks()) {
      Set<String> set = setOnPage.computeIfAbsent(block.page(), p -> new LinkedHashSet<>(Set.of("HOME", "PATH")));
      for (String line : block.lines()) {
        String code = line.replaceAll("#[^'\"]*$", "");
        for (Pattern setter : List.of(ASSIGNED, LOOP, READ, REQUIRED)) {
          Matcher m = setter.matcher(code);
          while (m.find()) {
            set.add(m.group(1));
          }
        }
        Matcher used = USED.matcher(code.replaceAll("'[^']*'", "''"));
        while (used.find()) {
          if (!set.contains(used.group(1))) {
            unset.add(Fixtures.BASE.relativize(block.page()) + ": $" + used.group(1) + " in: " + line.strip());
          }
        }
      }
    }
    assertThat(unset).as("variables a command uses before the page sets them").isEmpty();
  }

  @Test
  void everyAwsCommandIsOneTheAwsCliTakes() throws Exception {
    List<String> commands = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>(SAMPLES);
    for (Block block : blocks()) {
      if (RUN_ELSEWHERE.contains(block.marker())) {
        continue;
      }
      for (String line : block.lines()) {
        Matcher literal = Pattern.compile("^([A-Z_]+)=([A-Za-z0-9_.:/-]+)(\\s|$)").matcher(line.strip());
        if (literal.find()) {
          values.putIfAbsent(literal.group(1), literal.group(2));
        }
        commands.addAll(awsCommands(line));
      }
    }
    assertThat(commands).as("aws commands in the documentation").hasSizeGreaterThan(10);
    JsonNode requests = parse(String.join("\n", commands) + "\n", values);
    assertThat(requests).hasSize(commands.size());
    List<String> refused = new ArrayList<>();
    for (JsonNode request : requests) {
      // `cloudformation deploy` is the CLI's own command of several calls: its options parsed and its first call
      // (DescribeStacks) validated is as far as it goes without AWS's answers.
      boolean deploy = request.path("command").toString().startsWith("[\"cloudformation\",\"deploy\"")
          && "DescribeStacks".equals(request.path("operation").asText());
      if (!deploy && (request.path("exit").asInt() != 0 || !request.path("params").isObject())) {
        refused.add(request.path("command") + ": " + request.path("error").asText());
      }
    }
    assertThat(refused).as("aws commands the AWS CLI refuses").isEmpty();
  }

  /** The parser the AWS commands go through refuses what the model does not take (so the test above can fail). */
  @Test
  void theAwsCliParserRefusesAnOptionTheModelDoesNotHave() throws Exception {
    JsonNode requests = parse("aws guardduty create-sample-findings --finding-types Recon:EC2/Portscan\n",
        Map.of());
    assertThat(requests.path(0).path("exit").asInt()).isNotZero();
  }

  /**
   * The routing page's override, through SAM CLI's own parser ({@code CfnParameterOverridesType}): {@code Routes}
   * arrives whole, equal to the page's example rules. Written the naive way, {@code Routes="$(jq -c .)"}, the same
   * parser cuts it at the first quote.
   */
  @Test
  void theRoutesOverrideReachesCloudFormationWhole() throws Exception {
    String line = Readme.block("routes-override").strip();
    String word = "\"Routes=$(jq -c . routes.json | jq -R .)\"";
    assertThat(line).startsWith("sam deploy --parameter-overrides ").contains(word);
    String rules = TestApp.MAPPER.readTree(Readme.block("routing-example")).toString();
    // What the shell passes: the quoted word, with jq's output (the rules on one line, as a JSON string) in it.
    List<String> words = new ArrayList<>();
    for (String w : line.substring("sam deploy --parameter-overrides ".length()).replace(word, "\u0000").split(" ")) {
      words.add(w.equals("\u0000") ? "Routes=" + TestApp.MAPPER.writeValueAsString(rules) : w);
    }
    JsonNode parsed = samParse(words);
    assertThat(parsed.path("Routes").asText()).isEqualTo(rules);
    assertThat(parsed.path("WebhookUrl").asText()).isEqualTo("-");
    assertThat(samParse(List.of("Routes=" + rules, "WebhookUrl=-")).path("Routes").asText())
        .as("the naive form, which the page no longer shows").isEqualTo("[{");
  }

  /** Every shell block is shell: {@code bash -n} (bash's own parser) reads each without an error. */
  @Test
  void everyBlockIsShellThatBashParses() throws Exception {
    List<String> broken = new ArrayList<>();
    for (Block block : blocks()) {
      SamCliTool.Result result = SamCliTool.exec(List.of("bash", "-n", "-c", String.join("\n", block.lines())),
          Fixtures.BASE, Map.of(), Duration.ofSeconds(30));
      if (result.exit() != 0) {
        broken.add(Fixtures.BASE.relativize(block.page()) + ": " + result.output().strip());
      }
    }
    assertThat(broken).isEmpty();
  }

  /**
   * Every {@code sam …} command (but the Routes override above, whose value a subshell makes) is parsed by SAM CLI's
   * own command-line interface, in a folder as a reader has it: the template, a release's templates, the
   * configuration a first guided deploy saved, the event fixtures and {@code env.local.json}.
   */
  @Test
  void everySamCommandIsOneSamCliTakes() throws Exception {
    Map<String, String> values = new HashMap<>(Map.of("VERSION", Fixtures.projectVersion()));
    List<String> commands = new ArrayList<>();
    for (Block block : blocks()) {
      for (String line : block.lines()) {
        String code = line.replaceAll("\\s+#[^'\"]*$", "").strip();
        if (code.startsWith("sam ") && !code.contains("$(")) {
          for (Map.Entry<String, String> v : values.entrySet()) {
            code = code.replace("$" + v.getKey(), v.getValue());
          }
          commands.add(code);
        }
      }
    }
    assertThat(commands).as("sam commands in the documentation").contains("sam build", "sam deploy --guided",
        "sam delete");
    Path dir = Files.createTempDirectory("reader");
    String version = Fixtures.projectVersion();
    for (String name : List.of("template.yaml", "guardduty-slack-" + version + ".yaml",
        "guardduty-slack-" + version + "-existing-secret.yaml")) {
      Files.copy(Fixtures.BASE.resolve("template.yaml"), dir.resolve(name));
    }
    Files.writeString(dir.resolve("samconfig.toml"), "version = 0.1\n\n[default.deploy.parameters]\n"
        + "stack_name = \"guardduty-slack\"\nresolve_s3 = true\nregion = \"eu-west-1\"\n"
        + "capabilities = \"CAPABILITY_IAM\"\n");
    Files.createDirectories(dir.resolve("events"));
    for (Path event : Fixtures.list(Fixtures.EVENTS)) {
      Files.copy(event, dir.resolve("events").resolve(event.getFileName()));
    }
    Files.copy(Fixtures.EVENTS.resolve("env.json"), dir.resolve("env.local.json"));
    JsonNode parsed = samRun(List.of("python3",
        Fixtures.BASE.resolve("src/test/python/sam_commands.py").toAbsolutePath().toString(),
        TestApp.MAPPER.writeValueAsString(commands)), dir);
    List<String> refused = new ArrayList<>();
    parsed.forEach(r -> {
      if (!r.path("ok").asBoolean()) {
        refused.add(r.path("command").asText() + ": " + r.path("error").asText());
      }
    });
    assertThat(parsed).hasSize(commands.size());
    assertThat(refused).as("sam commands SAM CLI refuses").isEmpty();
    JsonNode bogus = samRun(List.of("python3",
        Fixtures.BASE.resolve("src/test/python/sam_commands.py").toAbsolutePath().toString(),
        "[\"sam deploy --guidedd\"]"), dir);
    assertThat(bogus.path(0).path("ok").asBoolean()).as("the parser refuses an option SAM CLI lacks").isFalse();
  }

  /** Each {@code aws …} command of a line: the line itself, or what {@code $(aws …)} runs, up to a pipe. */
  static List<String> awsCommands(String line) {
    List<String> found = new ArrayList<>();
    String code = line.strip();
    if (code.startsWith("aws ")) {
      found.add(cut(code, 0));
    }
    for (int at = code.indexOf("$(aws "); at >= 0; at = code.indexOf("$(aws ", at + 1)) {
      found.add(cut(code, at + 2));
    }
    return found;
  }

  /** From {@code start} to the first unquoted pipe, list operator, redirection or closing parenthesis. */
  private static String cut(String code, int start) {
    char quote = 0;
    for (int i = start; i < code.length(); i++) {
      char c = code.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '|' || c == ';' || c == '&' || c == '>' || c == ')' || c == '#') {
        return code.substring(start, i).strip();
      }
    }
    return code.substring(start).strip();
  }

  private static JsonNode parse(String text, Map<String, String> values) throws Exception {
    boolean installed = SamTransform.pythonCan("import awscli.clidriver");
    if (!installed) {
      System.out.println("SKIPPED: the AWS CLI (python3 -c 'import awscli') is not installed; the documented aws"
          + " commands were not checked");
    }
    assumeTrue(installed, "the AWS CLI is not installed");
    // The files the commands read (file://…), in a folder of their own, and a region, as a reader's CLI has one.
    Path dir = Files.createTempDirectory("documented-commands");
    Files.writeString(dir.resolve("webhooks.json"), "{\"DEFAULT\":\"https://hooks.slack.com/services/T/B/x\"}");
    Files.writeString(dir.resolve("signing-secret.txt"), "0123456789abcdef");
    Files.copy(Fixtures.BASE.resolve("forwarder.yaml"), dir.resolve("forwarder.yaml"));
    SamCliTool.Result result = SamCliTool.exec(List.of("python3",
        Fixtures.BASE.resolve("src/test/python/aws_cli_requests.py").toAbsolutePath().toString(), text,
        TestApp.MAPPER.writeValueAsString(values)), dir, Map.of("AWS_DEFAULT_REGION", "eu-west-1"),
        Duration.ofMinutes(2));
    assertThat(result.exit()).as(result.output()).isZero();
    return TestApp.MAPPER.readTree(result.output());
  }

  /** A Python script that imports SAM CLI's package, run in {@code dir}; its last line, read as JSON. */
  private static JsonNode samRun(List<String> command, Path dir) throws Exception {
    Map<String, String> env = SamCliTool.pythonPackage("the documented sam commands");
    SamCliTool.Result result = SamCliTool.exec(command, dir, env, Duration.ofMinutes(1));
    assertThat(result.exit()).as(result.output()).isZero();
    return TestApp.MAPPER.readTree(result.output().lines().reduce((a, b) -> b).orElse("[]"));
  }

  /** SAM CLI's parse of {@code --parameter-overrides} words, with the SAM CLI that users run. */
  private static JsonNode samParse(List<String> words) throws Exception {
    return samRun(List.of("python3", "src/test/python/sam_parameter_overrides.py",
        TestApp.MAPPER.writeValueAsString(words)), Fixtures.BASE);
  }

}
