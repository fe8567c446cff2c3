package dev.guarddutyslack.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.TestApp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The metrics lines, read as CloudWatch reads Embedded Metric Format. */
class MetricsTest {
  @StartStop
  private final MockWebServer slack = MockServers.create();

  /** Checks one line against the EMF specification and returns its metric values by band. */
  private static void assertEmf(JsonNode line) {
    JsonNode aws = line.path("_aws");
    assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
    assertThat(aws.path("Timestamp").asLong()).isGreaterThan(1_600_000_000_000L);
    JsonNode directives = aws.path("CloudWatchMetrics");
    assertThat(directives.isArray()).isTrue();
    for (JsonNode directive : directives) {
      assertThat(directive.path("Namespace").asText()).isEqualTo(Emf.NAMESPACE);
      for (JsonNode dimensionSet : directive.path("Dimensions")) {
        assertThat(dimensionSet.size()).isLessThanOrEqualTo(30);
        dimensionSet.forEach(d -> assertThat(line.path(d.asText()).isTextual())
            .as("dimension %s is a string member", d.asText()).isTrue());
      }
      assertThat(directive.path("Metrics").size()).isBetween(1, 100);
      for (JsonNode metric : directive.path("Metrics")) {
        JsonNode value = line.path(metric.path("Name").asText());
        assertThat(value.isNumber() || (value.isArray() && value.size() <= 100 && value.get(0).isNumber()))
            .as("metric %s has a numeric value", metric.path("Name").asText()).isTrue();
        assertThat(metric.path("Unit").asText()).isIn("Count", "Milliseconds");
      }
    }
  }

  @Test
  void countsEveryDecisionByBandAndTimesSlack() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    slack.enqueue(new MockResponse.Builder().code(400).body("invalid_blocks").build());
    try (TestApp app = new TestApp(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString(),
        "MIN_SEVERITY", "MEDIUM"), new FakeTicker())) {
      app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("finding-high"),
          Fixtures.event("finding-low"), Fixtures.event("not-a-finding"), "{bad"));
      slack.takeRequest(5, TimeUnit.SECONDS);

      Map<String, JsonNode> byBand = new HashMap<>();
      for (String text : app.metrics) {
        JsonNode line = TestApp.MAPPER.readTree(text);
        assertEmf(line);
        byBand.put(line.path("Band").asText(), line);
      }
      assertThat(byBand).containsOnlyKeys("HIGH", "LOW", "NONE");
      assertThat(byBand.get("HIGH").path("FindingsPosted").asInt()).isEqualTo(1);
      assertThat(byBand.get("HIGH").path("FindingsFailed").asInt()).isEqualTo(1);
      assertThat(byBand.get("HIGH").path("SlackLatency").size()).isEqualTo(1);
      assertThat(byBand.get("LOW").path("FindingsFiltered").asInt()).isEqualTo(1);
      assertThat(byBand.get("NONE").path("FindingsSkipped").asInt()).isEqualTo(1);
      assertThat(byBand.get("NONE").path("FindingsFailed").asInt()).isEqualTo(1);
      assertThat(byBand.get("HIGH").at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
          .isEqualTo("[[\"Band\"],[]]");
    }
  }

  @Test
  void eachBatchFlushesOnlyItsOwnCounts() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    try (TestApp app = new TestApp(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString()), new FakeTicker())) {
      app.invoke(Fixtures.event("finding-critical"));
      app.invoke(Fixtures.event("finding-critical"));

      List<String> lines = app.metrics;
      assertThat(lines).hasSize(2);
      for (String line : lines) {
        assertThat(TestApp.MAPPER.readTree(line).path("FindingsPosted").asInt()).isEqualTo(1);
      }
    }
  }
}
