package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.event.ruler.Machine;

/** The EventBridge rule of {@code template.yaml}, run through AWS's own pattern engine. */
class RulePatternTest {
  private static final Template TEMPLATE = Template.load();

  private static Machine machineFor(Severity minimum) throws Exception {
    Machine machine = Machine.builder().build();
    machine.addRule("findings", TEMPLATE.eventPattern(Map.of("MinimumSeverity", minimum.name())).toString());
    return machine;
  }

  private static boolean expected(JsonNode event, Severity minimum) {
    return "aws.guardduty".equals(event.path("source").asText())
        && "GuardDuty Finding".equals(event.path("detail-type").asText())
        && event.path("detail").path("severity").isNumber()
        && event.path("detail").path("severity").asDouble() >= minimum.lowerBound();
  }

  /** Every fixture event, each corpus event where the corpus is present, and synthetic boundary values. */
  private static List<JsonNode> events(boolean withCorpus) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (Path file : Fixtures.eventFiles()) {
      JsonNode root = TestApp.MAPPER.readTree(Fixtures.read(file));
      if (root.has("Records")) {
        for (JsonNode record : root.get("Records")) {
          events.add(TestApp.MAPPER.readTree(record.get("body").asText()));
        }
      } else {
        events.add(root);
      }
    }
    for (double severity : new double[] {0, 1, 3.9, 3.99, 4, 4.0001, 6.9, 6.99, 7, 8.9, 8.95, 8.99, 9, 9.2, 10}) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
      ((ObjectNode) event.get("detail")).put("severity", severity);
      events.add(event);
    }
    if (withCorpus) {
      for (Path file : Fixtures.corpus()) {
        events.add(TestApp.MAPPER.readTree(Fixtures.read(file)));
      }
      for (Path file : Fixtures.list(Fixtures.corpusNotAFinding())) {
        events.add(TestApp.MAPPER.readTree(Fixtures.read(file)));
      }
    }
    return events;
  }

  @ParameterizedTest(name = "minimum {0}")
  @EnumSource(Severity.class)
  void matchesExactlyTheFindingsAtOrAboveTheMinimum(Severity minimum) throws Exception {
    Machine machine = machineFor(minimum);
    int matched = 0;
    for (JsonNode event : events(false)) {
      boolean matches = !machine.rulesForJSONEvent(event.toString()).isEmpty();
      assertThat(matches).as("severity %s with minimum %s (%s)", event.path("detail").path("severity"), minimum,
          event.path("detail-type").asText()).isEqualTo(expected(event, minimum));
      matched += matches ? 1 : 0;
    }
    assertThat(matched).isPositive();
  }

  @ParameterizedTest(name = "minimum {0}")
  @EnumSource(Severity.class)
  void matchesTheRealCorpusAsIntended(Severity minimum) throws Exception {
    Machine machine = machineFor(minimum);
    for (JsonNode event : events(true)) {
      assertThat(!machine.rulesForJSONEvent(event.toString()).isEmpty())
          .as("%s with minimum %s", event.path("detail").path("type").asText(event.path("detail-type").asText()), minimum)
          .isEqualTo(expected(event, minimum));
    }
  }

  @Test
  void boundariesAroundCritical() throws Exception {
    Machine critical = machineFor(Severity.CRITICAL);
    Machine high = machineFor(Severity.HIGH);
    assertThat(matches(critical, 8.95)).isFalse();
    assertThat(matches(critical, 9.0)).isTrue();
    assertThat(matches(critical, 10)).isTrue();
    assertThat(matches(high, 8.95)).isTrue();
    assertThat(matches(high, 6.99)).isFalse();
  }

  @Test
  void theTemplatesBandsAreTheCodesBands() {
    List<String> allowed = new ArrayList<>();
    TEMPLATE.parameter("MinimumSeverity").path("AllowedValues").forEach(v -> allowed.add(v.asText()));
    assertThat(allowed).containsExactlyElementsOf(Stream.of(Severity.values()).map(Enum::name).toList());
    assertThat(TEMPLATE.parameter("MinimumSeverity").path("Default").asText()).isEqualTo("MEDIUM");
    for (Severity band : Severity.values()) {
      JsonNode numeric = TEMPLATE.eventPattern(Map.of("MinimumSeverity", band.name()))
          .at("/detail/severity/0/numeric");
      assertThat(numeric.get(0).asText()).isEqualTo(">=");
      assertThat(numeric.get(1).isNumber()).isTrue();
      assertThat(numeric.get(1).asDouble()).isEqualTo(Severity.parseMinimum(band.name()));
    }
  }

  @Test
  void theRuleNeverEnumeratesSeverities() {
    String pattern = TEMPLATE.resource("FindingsRule").toString();
    assertThat(Arrays.asList("4.1", "5.5", "8.9")).allSatisfy(v -> assertThat(pattern).doesNotContain(v));
  }

  private static boolean matches(Machine machine, double severity) throws Exception {
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("severity", severity);
    return !machine.rulesForJSONEvent(event.toString()).isEmpty();
  }
}
