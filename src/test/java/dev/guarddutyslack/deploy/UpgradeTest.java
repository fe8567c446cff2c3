package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a 1.0.0 stack from source as docs/deploy.md says: {@code git pull && sam build && sam deploy}, which
 * reads the answers a 1.0.0 guided deploy saved in {@code samconfig.toml}. SAM CLI's own code saves those answers
 * (leaving out the five hidden webhooks, as it does) and reads them back as {@code sam deploy} does
 * ({@code src/test/python/sam_saved_overrides.py}); this test then asks of them what CloudFormation asks of a
 * stack update: every parameter without a default has a value ("Missing parameter" otherwise), every value names
 * a parameter of the new template ("do not exist in the template") and meets its constraints, and the template's
 * rules hold.
 */
class UpgradeTest {
  private static final Template TEMPLATE = Template.load();

  @Test
  void aPlainSamDeployFromTheAnswers100SavedGivesCloudFormationAllItAsks() throws Exception {
    JsonNode answers = TestApp.MAPPER.readTree(
        Fixtures.read(Fixtures.BASE.resolve("src/test/resources/upgrade/guided-answers-1.0.0.json"))).path("answers");
    JsonNode saved = saved(answers);
    JsonNode overrides = saved.path("overrides");
    assertThat(saved.path("saved").asText()).as("SAM CLI saves no hidden answer")
        .doesNotContain("WebhookUrl", "hooks.slack.com");
    assertThat(overrides.path("MinimumSeverity").asText()).as("the saved answers are read back").isEqualTo("HIGH");

    List<String> problems = new ArrayList<>();
    Map<String, String> given = new HashMap<>();
    overrides.properties().forEach(e -> given.put(e.getKey(), e.getValue().asText()));
    for (String name : given.keySet()) {
      if (TEMPLATE.parameter(name).isMissingNode()) {
        problems.add(name + ": not a parameter of the new template");
      }
    }
    TEMPLATE.root().path("Parameters").properties().forEach(p -> {
      JsonNode parameter = p.getValue();
      String value = given.containsKey(p.getKey()) ? given.get(p.getKey()) : parameter.path("Default").asText(null);
      if (value == null) {
        problems.add(p.getKey() + ": Missing parameter");
      } else if (parameter.has("AllowedPattern") && !Pattern.matches(parameter.path("AllowedPattern").asText(), value)) {
        problems.add(p.getKey() + ": " + value + " does not match " + parameter.path("AllowedPattern").asText());
      } else if (parameter.has("AllowedValues") && java.util.stream.StreamSupport.stream(
          parameter.path("AllowedValues").spliterator(), false).noneMatch(v -> v.asText().equals(value))) {
        problems.add(p.getKey() + ": " + value + " is not allowed");
      }
    });
    assertThat(problems).as("what CloudFormation would refuse").isEmpty();
    assertThat(given).doesNotContainKey("WebhookUrl");
    assertThat(TEMPLATE.parameterValues(given)).containsEntry("WebhookUrl", "-");
    Map<String, String> inRegion = new HashMap<>(given);
    inRegion.putAll(Map.of("AWS::Region", "eu-west-1", "AWS::Partition", "aws"));
    Map<String, Boolean> rules = TEMPLATE.ruleAssertions(inRegion);
    assertThat(rules.values()).as(rules.toString()).doesNotContain(false);
  }

  /** SAM CLI's save and read of guided answers; skipped, visibly, where its Python package cannot be imported. */
  private static JsonNode saved(JsonNode answers) throws Exception {
    Map<String, String> env = SamCliTool.pythonPackage("the upgrade from 1.0.0");
    Path folder = Files.createTempDirectory("upgrade");
    SamCliTool.Result result = SamCliTool.exec(List.of("python3",
        Fixtures.BASE.resolve("src/test/python/sam_saved_overrides.py").toAbsolutePath().toString(),
        folder.toString(), answers.toString()), Fixtures.BASE, env, Duration.ofMinutes(1));
    assertThat(result.exit()).as(result.output()).isZero();
    return TestApp.MAPPER.readTree(result.output().lines().reduce((a, b) -> b).orElse("{}"));
  }
}
