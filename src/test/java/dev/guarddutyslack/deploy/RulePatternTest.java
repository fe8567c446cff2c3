package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * The EventBridge rules, run through AWS's own pattern engine: the central stack's ({@code template.yaml})
 * and the forwarder's ({@code forwarder.yaml}), which must take exactly the same findings.
 */
class RulePatternTest {
  private static final Template TEMPLATE = Template.load();
  private static final Template FORWARDER = Template.load("forwarder.yaml");

  /** The central stack's two rules, which together take what the stack posts; and the forwarder's one. */
  static final String CENTRAL = "FindingsRule+UrgentFindingsRule";

  /** Each rule (the central pair as one) with each minimum. */
  static Stream<Arguments> rules() {
    return Stream.of(CENTRAL, "ForwardingRule")
        .flatMap(rule -> Stream.of(Severity.values()).map(minimum -> Arguments.of(rule, minimum)));
  }

  private static List<JsonNode> patterns(String rule, Severity minimum) {
    Map<String, String> parameters = Map.of("MinimumSeverity", minimum.name(), "CentralRegion", "eu-west-1");
    if (rule.equals(CENTRAL)) {
      return List.of(TEMPLATE.eventPattern("FindingsRule", parameters),
          TEMPLATE.eventPattern("UrgentFindingsRule", parameters));
    }
    Template template = rule.equals("ForwardingRule") ? FORWARDER : TEMPLATE;
    return List.of(template.eventPattern(rule, parameters));
  }

  private static Machine machineFor(Severity minimum) throws Exception {
    return machineFor(CENTRAL, minimum);
  }

  private static Machine machineFor(String rule, Severity minimum) throws Exception {
    Machine machine = Machine.builder().build();
    int n = 0;
    for (JsonNode pattern : patterns(rule, minimum)) {
      machine.addRule("rule" + n++, pattern.toString());
    }
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

  @ParameterizedTest(name = "{0}, minimum {1}")
  @MethodSource("rules")
  void matchesExactlyTheFindingsAtOrAboveTheMinimum(String rule, Severity minimum) throws Exception {
    Machine machine = machineFor(rule, minimum);
    int matched = 0;
    for (JsonNode event : events(false)) {
      boolean matches = !machine.rulesForJSONEvent(event.toString()).isEmpty();
      assertThat(matches).as("severity %s with minimum %s (%s)", event.path("detail").path("severity"), minimum,
          event.path("detail-type").asText()).isEqualTo(expected(event, minimum));
      matched += matches ? 1 : 0;
    }
    assertThat(matched).isPositive();
  }

  @ParameterizedTest(name = "{0}, minimum {1}")
  @MethodSource("rules")
  void matchesTheRealCorpusAsIntended(String rule, Severity minimum) throws Exception {
    Machine machine = machineFor(rule, minimum);
    for (JsonNode event : events(true)) {
      assertThat(!machine.rulesForJSONEvent(event.toString()).isEmpty())
          .as("%s with minimum %s", event.path("detail").path("type").asText(event.path("detail-type").asText()), minimum)
          .isEqualTo(expected(event, minimum));
    }
  }

  /** The forwarder sends exactly what the central rules take, together. */
  @ParameterizedTest(name = "minimum {0}")
  @EnumSource(Severity.class)
  void theForwarderSendsExactlyWhatTheCentralRulesTake(Severity minimum) throws Exception {
    Machine forwarder = machineFor("ForwardingRule", minimum);
    Machine central = machineFor(CENTRAL, minimum);
    for (JsonNode event : events(false)) {
      assertThat(forwarder.rulesForJSONEvent(event.toString()).isEmpty())
          .as("severity %s", event.path("detail").path("severity")).isEqualTo(central.rulesForJSONEvent(
              event.toString()).isEmpty());
    }
  }

  /**
   * CRITICAL findings take a queue of their own, and only they: the two central rules never both match, so
   * a finding is posted once, and a storm of lower findings in one queue never delays a CRITICAL one.
   */
  @ParameterizedTest(name = "minimum {0}")
  @EnumSource(Severity.class)
  void criticalFindingsAndOnlyThemTakeTheUrgentRule(Severity minimum) throws Exception {
    Machine urgent = machineFor("UrgentFindingsRule", minimum);
    Machine regular = machineFor("FindingsRule", minimum);
    for (JsonNode event : events(false)) {
      boolean toUrgent = !urgent.rulesForJSONEvent(event.toString()).isEmpty();
      boolean toRegular = !regular.rulesForJSONEvent(event.toString()).isEmpty();
      assertThat(toUrgent && toRegular).as("both rules take %s", event.path("detail").path("severity")).isFalse();
      assertThat(toUrgent).isEqualTo(expected(event, Severity.CRITICAL));
    }
    assertThat(TEMPLATE.resource("UrgentFindingsRule").at("/Properties/Targets/0/Arn").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"UrgentFindingsQueue\",\"Arn\"]}");
    assertThat(TEMPLATE.resource("NotifierFunction").at("/Properties/Events/UrgentFindings/Properties/Queue")
        .toString()).isEqualTo("{\"Fn::GetAtt\":[\"UrgentFindingsQueue\",\"Arn\"]}");
  }

  /**
   * A forwarded finding keeps the region and account it was found in; neither rule may filter on them, or
   * the central stack would drop every other region's findings.
   */
  @ParameterizedTest(name = "{0}, minimum {1}")
  @MethodSource("rules")
  void findingsOfAnyRegionAndAccountMatch(String rule, Severity minimum) throws Exception {
    for (JsonNode pattern : patterns(rule, minimum)) {
      List<String> keys = new ArrayList<>();
      pattern.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactlyInAnyOrder("source", "detail-type", "detail");
      assertThat(pattern.toString()).doesNotContain("\"region\"", "\"account\"", "\"accountId\"");
    }
    Machine machine = machineFor(rule, minimum);
    for (String[] place : new String[][] {{"ap-southeast-2", "444455556666"}, {"us-gov-west-1", "777788889999"},
        {"cn-north-1", "111122223333"}}) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-critical"));
      event.put("region", place[0]).put("account", place[1]);
      ((ObjectNode) event.get("detail")).put("region", place[0]).put("accountId", place[1]);
      assertThat(machine.rulesForJSONEvent(event.toString())).as("%s %s", place[0], place[1]).isNotEmpty();
    }
  }

  /**
   * Malware Protection for S3 scan results reach the queue only when the stack says which (ScanResultStatuses), and
   * then exactly the results of those statuses; no finding takes this rule, and no scan result the finding rules.
   */
  @Test
  void scanResultsOfTheChosenStatusesAndOnlyThemTakeTheirRule() throws Exception {
    assertThat(TEMPLATE.condition("ScanResultsOn", Map.of())).isFalse();
    Map<String, String> chosen = Map.of("ScanResultStatuses", "THREATS_FOUND,ACCESS_DENIED");
    assertThat(TEMPLATE.condition("ScanResultsOn", chosen)).isTrue();
    Machine machine = Machine.builder().build();
    machine.addRule("scan", TEMPLATE.eventPattern("ScanResultsRule", chosen).toString());
    ObjectNode scan = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.read(Fixtures.BASE.resolve(
        "events/families/scan-result-threats-found.json")));
    assertThat(machine.rulesForJSONEvent(scan.toString())).containsExactly("scan");
    for (String status : List.of("NO_THREATS_FOUND", "UNSUPPORTED", "FAILED")) {
      ((ObjectNode) scan.path("detail").path("scanResultDetails")).put("scanResultStatus", status);
      assertThat(machine.rulesForJSONEvent(scan.toString())).as(status).isEmpty();
    }
    ((ObjectNode) scan.path("detail").path("scanResultDetails")).put("scanResultStatus", "ACCESS_DENIED");
    assertThat(machine.rulesForJSONEvent(scan.toString())).containsExactly("scan");
    scan.put("source", "my.app");
    assertThat(machine.rulesForJSONEvent(scan.toString())).as("only GuardDuty's").isEmpty();
    assertThat(machine.rulesForJSONEvent(Fixtures.event("finding-high"))).isEmpty();
    assertThat(machineFor(Severity.LOW).rulesForJSONEvent(Fixtures.read(Fixtures.BASE.resolve(
        "events/families/scan-result-threats-found.json")))).as("the finding rules take no scan result").isEmpty();
    assertThat(TEMPLATE.evaluate(TEMPLATE.resource("FindingsQueuePolicy"), chosen).toString())
        .as("the queue takes the rule's events").contains("ScanResultsRule");
    assertThat(TEMPLATE.evaluate(TEMPLATE.resource("FindingsQueuePolicy"), Map.of()).toString())
        .doesNotContain("ScanResultsRule");
    assertThat(Pattern.matches(TEMPLATE.parameter("ScanResultStatuses").path("AllowedPattern").asText(),
        "THREATS_FOUND,BOGUS")).isFalse();
  }

  /**
   * GuardDuty's archive, unarchive and feedback calls, as CloudTrail records them, reach the queue only when the stack
   * follows console changes, and then only those calls, only GuardDuty's, and only the ones GuardDuty carried out; no
   * finding takes this rule, and no such call the finding rules.
   */
  @Test
  void consoleChangesAndOnlyThemTakeTheirRule() throws Exception {
    assertThat(TEMPLATE.condition("ConsoleChangesOn", Map.of())).isFalse();
    Map<String, String> on = Map.of("FollowConsoleChanges", "Yes");
    assertThat(TEMPLATE.condition("ConsoleChangesOn", on)).isTrue();
    Machine machine = Machine.builder().build();
    machine.addRule("console", TEMPLATE.eventPattern("ConsoleChangesRule", on).toString());
    ObjectNode call = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("console-archive"));
    ObjectNode detail = (ObjectNode) call.get("detail");
    for (String name : List.of("ArchiveFindings", "UnarchiveFindings", "UpdateFindingsFeedback")) {
      detail.put("eventName", name);
      assertThat(machine.rulesForJSONEvent(call.toString())).as(name).containsExactly("console");
    }
    detail.put("eventName", "GetFindings");
    assertThat(machine.rulesForJSONEvent(call.toString())).as("a read changes nothing").isEmpty();
    detail.put("eventName", "ArchiveFindings").put("errorCode", "AccessDenied");
    assertThat(machine.rulesForJSONEvent(call.toString())).as("a refused call changed nothing").isEmpty();
    detail.remove("errorCode");
    detail.put("eventSource", "iam.amazonaws.com");
    assertThat(machine.rulesForJSONEvent(call.toString())).isEmpty();
    assertThat(machine.rulesForJSONEvent(Fixtures.event("finding-high"))).isEmpty();
    assertThat(machineFor(Severity.LOW).rulesForJSONEvent(Fixtures.event("console-archive")))
        .as("the finding rules take no API call").isEmpty();
    assertThat(TEMPLATE.evaluate(TEMPLATE.resource("FindingsQueuePolicy"), on).toString())
        .as("the queue takes the rule's events").contains("ConsoleChangesRule");
    assertThat(TEMPLATE.evaluate(TEMPLATE.resource("FindingsQueuePolicy"), Map.of()).toString())
        .doesNotContain("ConsoleChangesRule");
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
    assertThat(FORWARDER.parameter("MinimumSeverity").path("AllowedValues"))
        .isEqualTo(TEMPLATE.parameter("MinimumSeverity").path("AllowedValues"));
    assertThat(FORWARDER.parameter("MinimumSeverity").path("Default"))
        .isEqualTo(TEMPLATE.parameter("MinimumSeverity").path("Default"));
    for (Severity band : List.of(Severity.LOW, Severity.MEDIUM, Severity.HIGH)) {
      JsonNode numeric = TEMPLATE.eventPattern(Map.of("MinimumSeverity", band.name()))
          .at("/detail/severity/0/numeric");
      assertThat(numeric.get(0).asText()).isEqualTo(">=");
      assertThat(numeric.get(1).isNumber()).isTrue();
      assertThat(numeric.get(1).asDouble()).isEqualTo(Severity.parseMinimum(band.name()));
      assertThat(numeric.get(2).asText()).isEqualTo("<");
      assertThat(numeric.get(3).asDouble()).isEqualTo(Severity.CRITICAL.lowerBound());
    }
    JsonNode urgent = TEMPLATE.eventPattern("UrgentFindingsRule", Map.of()).at("/detail/severity/0/numeric");
    assertThat(urgent.get(1).asDouble()).isEqualTo(Severity.CRITICAL.lowerBound());
  }

  @Test
  void theRuleNeverEnumeratesSeverities() {
    for (String pattern : List.of(TEMPLATE.resource("FindingsRule").toString(),
        TEMPLATE.resource("UrgentFindingsRule").toString(), FORWARDER.resource("ForwardingRule").toString())) {
      assertThat(Arrays.asList("4.1", "5.5", "8.9")).allSatisfy(v -> assertThat(pattern).doesNotContain(v));
    }
  }

  private static boolean matches(Machine machine, double severity) throws Exception {
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("severity", severity);
    return !machine.rulesForJSONEvent(event.toString()).isEmpty();
  }
}
