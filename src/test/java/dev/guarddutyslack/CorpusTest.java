package dev.guarddutyslack;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestApps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real GuardDuty events from public projects (in {@code ../shared/guardduty-corpus}, not copied here): each
 * must parse, render within Block Kit's limits and be posted once; the non-finding must be skipped.
 */
class CorpusTest {
  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @RegisterExtension
  final TestApps apps = new TestApps();

  static Stream<Path> corpus() {
    return Fixtures.corpus().stream();
  }

  @Test
  void theCorpusHoldsTwentySixFindings() {
    assertThat(Fixtures.corpus()).hasSize(26);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyRealFindingIsPostedOnceAndRendersSafely(Path event) throws Exception {
    TestApp app = apps.start(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook"), "MIN_SEVERITY", "LOW"),
        new FakeTicker());

    app.invoke(Fixtures.read(event));

    assertThat(slack.count()).isEqualTo(1);
    JsonNode payload = slack.messages().get(0);
    assertValidAndSafe(payload);
    JsonNode envelope = TestApp.MAPPER.readTree(Fixtures.read(event));
    JsonNode source = envelope.get("detail");
    // A finding without its own account or region is shown with its event's: where GuardDuty made it.
    assertThat(payload.path("text").asText()).contains(source.path("accountId").asText(envelope.path("account").asText()))
        .contains(source.path("region").asText(envelope.path("region").asText()));
    assertThat(payload.toString()).contains(source.path("type").asText().replace("&", "&amp;"));
    assertThat(app.logs).singleElement().asString().contains("\"decision\":\"posted\"");
  }

  @Test
  void theNonFindingEventIsSkipped() throws Exception {
    List<Path> events = Fixtures.list(Fixtures.corpusNotAFinding());
    assertThat(events).isNotEmpty();
    TestApp app = apps.start(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook"), "MIN_SEVERITY", "LOW"),
        new FakeTicker());
    for (Path event : events) {
      String out = app.invoke(TestApp.sqsBatch(Fixtures.read(event)));
      assertThat(out).isEqualTo("{\"batchItemFailures\":[]}");
    }
    assertThat(slack.count()).isZero();
    assertThat(app.logs).allSatisfy(l -> assertThat(l).contains("\"decision\":\"skipped\"", "not a finding"));
  }
}
