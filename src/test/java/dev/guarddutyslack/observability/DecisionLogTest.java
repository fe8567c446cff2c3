package dev.guarddutyslack.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The decision log: one JSON line per decision, as CloudWatch Logs Insights discovers fields in JSON log
 * events, so that {@code filter decision = "failed"} and {@code filter problem = "configuration"} find them.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html">Supported logs and discovered fields</a>
 */
class DecisionLogTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final List<String> lines = new ArrayList<>();
  private final DecisionLog log = new DecisionLog(new JsonFactory(), lines::add);

  private JsonNode only() throws Exception {
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).as("one line").doesNotContain("\n");
    return MAPPER.readTree(lines.get(0));
  }

  private static Input finding(String fixture) throws Exception {
    return new Input("m0", EventParser.parse(MAPPER.readTree(Fixtures.event(fixture))));
  }

  private static Finding of(Input input) {
    return ((ParsedEvent.FindingEvent) input.event()).finding();
  }

  @Test
  void aPostedFindingIsOneInfoLineWithItsIdentifiersAndSlacksAnswer() throws Exception {
    Input input = finding("finding-high");
    Finding f = of(input);

    log.write(Outcome.afterPost(input, f, null, DeliveryOutcome.accepted(200, 2), Duration.ofMillis(412)));

    JsonNode line = only();
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("message").asText()).isEqualTo("finding posted");
    assertThat(line.path("decision").asText()).isEqualTo("posted");
    assertThat(line.path("messageId").asText()).isEqualTo("m0");
    assertThat(line.path("findingId").asText()).isEqualTo(f.id());
    assertThat(line.path("findingType").asText()).isEqualTo(f.type());
    assertThat(line.path("severity").asDouble()).isEqualTo(f.severity());
    assertThat(line.path("band").asText()).isEqualTo("HIGH");
    assertThat(line.path("accountId").asText()).isEqualTo(f.accountId());
    assertThat(line.path("region").asText()).isEqualTo(f.region());
    assertThat(line.path("sample").isBoolean()).isTrue();
    assertThat(line.path("slackStatus").asInt()).isEqualTo(200);
    assertThat(line.path("attempts").asInt()).isEqualTo(2);
    assertThat(line.path("ms").asInt()).isEqualTo(412);
    assertThat(line.has("reason")).as("fields that do not apply are left out").isFalse();
    assertThat(line.has("retryAfterSeconds")).isFalse();
  }

  @Test
  void aRoutedPostNamesItsRulesItsDestinationAndAllTheFindingsDestinations() throws Exception {
    Input input = finding("finding-critical");

    log.write(Outcome.afterPost(input, of(input), null, DeliveryOutcome.accepted(200, 1), Duration.ofMillis(9))
        .routed(new Outcome.Routed(Optional.of("payments, on-call"), Optional.of("ONCALL"),
            List.of("PAYMENTS", "ONCALL", "CRITICAL"))));

    JsonNode line = only();
    assertThat(line.path("route").asText()).isEqualTo("payments, on-call");
    assertThat(line.path("destination").asText()).isEqualTo("ONCALL");
    assertThat(line.path("destinations")).extracting(JsonNode::asText).containsExactly("PAYMENTS", "ONCALL", "CRITICAL");
  }

  @Test
  void aMutedFindingNamesTheRuleAndItsReason() throws Exception {
    Input input = finding("finding-low");

    log.write(Outcome.muted(input, of(input), "expected scanning in the sandbox")
        .routed(new Outcome.Routed(Optional.of("sandbox recon"), Optional.empty(), List.of())));

    JsonNode line = only();
    assertThat(line.path("decision").asText()).isEqualTo("muted");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("route").asText()).isEqualTo("sandbox recon");
    assertThat(line.path("reason").asText()).isEqualTo("expected scanning in the sandbox");
    assertThat(line.has("destination")).isFalse();
    assertThat(line.has("destinations")).isFalse();
  }

  @Test
  void withoutRulesThereIsNoRouteField() throws Exception {
    Input input = finding("finding-high");
    log.write(Outcome.afterPost(input, of(input), null, DeliveryOutcome.accepted(200, 1), Duration.ZERO));
    assertThat(only().has("route")).isFalse();
  }

  @Test
  void aFailureIsAnErrorWithItsReasonAndSlacksError() throws Exception {
    Input input = finding("finding-high");

    log.write(Outcome.afterPost(input, of(input), "slack refused the message",
        DeliveryOutcome.rejected(400, "invalid_blocks", 1), Duration.ofMillis(30)));

    JsonNode line = only();
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("decision").asText()).isEqualTo("failed");
    assertThat(line.path("reason").asText()).isEqualTo("slack refused the message");
    assertThat(line.path("slackStatus").asInt()).isEqualTo(400);
    assertThat(line.path("slackError").asText()).isEqualTo("invalid_blocks");
  }

  @Test
  void aRateLimitSaysHowLongSlackAskedToWait() throws Exception {
    Input input = finding("finding-high");

    log.write(Outcome.afterPost(input, of(input), "slack asked to wait",
        DeliveryOutcome.rateLimited(3, Duration.ofSeconds(30)), Duration.ofSeconds(1)));

    JsonNode line = only();
    assertThat(line.path("decision").asText()).isEqualTo("rate_limited");
    assertThat(line.path("retryAfterSeconds").asInt()).isEqualTo(30);
    assertThat(line.path("level").asText()).isEqualTo("WARN");
  }

  @Test
  void anUnreadableInputHasNoFindingFields() throws Exception {
    Input input = new Input("m7", new ParsedEvent.Unreadable("not JSON"));

    log.write(Outcome.failed(input, null, "not JSON"));

    JsonNode line = only();
    assertThat(line.path("messageId").asText()).isEqualTo("m7");
    assertThat(line.has("findingId")).isFalse();
    assertThat(line.has("band")).isFalse();
    assertThat(line.has("slackStatus")).isFalse();
  }

  @Test
  void textFromAFindingIsQuotedNotInterpreted() throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("id", "x\",\"level\":\"INFO\"\nforged");
    Input input = new Input("m0", EventParser.parse(event));

    log.write(Outcome.failed(input, of(input), "no webhook"));

    JsonNode line = only();
    assertThat(line.path("findingId").asText()).isEqualTo("x\",\"level\":\"INFO\"\nforged");
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
  }

  @Test
  void lifecycleWarningsAndProblemsHaveTheirOwnShapes() throws Exception {
    log.lifecycle("restored", "1.2.3");
    log.warn("webhooks secret read slowly");
    log.problem("the deduplication table does not exist");

    assertThat(lines).hasSize(3);
    JsonNode lifecycle = MAPPER.readTree(lines.get(0));
    assertThat(lifecycle.path("event").asText()).isEqualTo("restored");
    assertThat(lifecycle.path("version").asText()).isEqualTo("1.2.3");
    assertThat(lifecycle.path("message").asText()).isEqualTo("guardduty-slack 1.2.3 restored");
    assertThat(MAPPER.readTree(lines.get(1)).path("level").asText()).isEqualTo("WARN");
    JsonNode problem = MAPPER.readTree(lines.get(2));
    assertThat(problem.path("level").asText()).isEqualTo("ERROR");
    assertThat(problem.path("problem").asText()).isEqualTo("configuration");
  }
}
