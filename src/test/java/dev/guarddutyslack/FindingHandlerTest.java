package dev.guarddutyslack;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.invocation.FindingNotDeliveredException;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestApps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FindingHandlerTest {
  private static final String SECRET = "T0SECRET/B0SECRET/xoxWebhookToken";

  @StartStop
  private final MockWebServer slack = MockServers.create();

  @RegisterExtension
  final TestApps apps = new TestApps();
  private final FakeTicker ticker = new FakeTicker();
  private TestApp app;

  private TestApp app(Map<String, String> env) {
    app = apps.start(env, ticker);
    return app;
  }

  private Map<String, String> perBand() {
    return Map.of(
        "SLACK_WEBHOOK_URL_LOW", slack.url("/low/" + SECRET).toString(),
        "SLACK_WEBHOOK_URL_MEDIUM", slack.url("/medium/" + SECRET).toString(),
        "SLACK_WEBHOOK_URL_HIGH", slack.url("/high/" + SECRET).toString(),
        "SLACK_WEBHOOK_URL_CRITICAL", slack.url("/critical/" + SECRET).toString(),
        "MIN_SEVERITY", "LOW");
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().code(200).body("ok").build();
  }

  private JsonNode takePayload(String expectedBand) throws Exception {
    RecordedRequest request = slack.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request to the " + expectedBand + " webhook").isNotNull();
    assertThat(request.getUrl().encodedPath()).startsWith("/" + expectedBand + "/");
    JsonNode payload = TestApp.MAPPER.readTree(request.getBody().utf8());
    assertValidAndSafe(payload);
    return payload;
  }

  @Test
  void postsCriticalFindingToCriticalWebhook() throws Exception {
    slack.enqueue(ok());

    String out = app(perBand()).invoke(Fixtures.event("finding-critical"));

    JsonNode payload = takePayload("critical");
    assertThat(payload.path("text").asText()).startsWith("GuardDuty CRITICAL 9.2:");
    JsonNode answer = TestApp.MAPPER.readTree(out);
    assertThat(answer.path("decision").asText()).isEqualTo("posted");
    assertThat(answer.path("id").asText()).isEqualTo(TestApp.MAPPER.readTree(Fixtures.event("finding-critical"))
        .path("id").asText());
    assertThat(app.logs).singleElement().satisfies(line -> {
      JsonNode log = TestApp.MAPPER.readTree(line);
      assertThat(log.path("decision").asText()).isEqualTo("posted");
      assertThat(log.path("band").asText()).isEqualTo("CRITICAL");
      assertThat(log.path("slackStatus").asInt()).isEqualTo(200);
      assertThat(log.path("attempts").asInt()).isEqualTo(1);
      assertThat(log.has("ms")).isTrue();
      assertThat(log.path("findingId").asText()).isNotBlank();
    });
  }

  @Test
  void routesEachBandOfABatchToItsOwnWebhook() throws Exception {
    for (int i = 0; i < 4; i++) {
      slack.enqueue(ok());
    }

    String out = app(perBand()).invoke(Fixtures.event("sqs-batch"));

    assertThat(TestApp.MAPPER.readTree(out).path("batchItemFailures")).isEmpty();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      paths.add(slack.takeRequest(5, TimeUnit.SECONDS).getUrl().pathSegments().get(0));
    }
    assertThat(paths).containsExactlyInAnyOrder("low", "medium", "high", "critical");
    assertThat(slack.getRequestCount()).isEqualTo(4);
    assertThat(app.logs).filteredOn(l -> l.contains("\"decision\":\"skipped\"")).singleElement()
        .asString().contains("not a finding");
  }

  @Test
  void reportsExactlyTheRecordsNotDelivered() throws Exception {
    slack.enqueue(ok());
    slack.enqueue(new MockResponse.Builder().code(400).body("invalid_blocks").build());
    slack.enqueue(ok());
    String high = Fixtures.event("finding-high");

    String out = app(perBand()).invoke(TestApp.sqsBatch(high, high, high));

    assertThat(TestApp.MAPPER.readTree(out).toString())
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}");
    assertThat(slack.getRequestCount()).isEqualTo(3);
    assertThat(app.logs).filteredOn(l -> l.contains("\"decision\":\"failed\"")).singleElement().satisfies(l ->
        assertThat(TestApp.MAPPER.readTree(l).path("slackError").asText()).isEqualTo("invalid_blocks"));
  }

  @Test
  void postsToOneWebhookInOrderAndPaced() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
      ((ObjectNode) event.get("detail")).put("id", "finding" + i);
      events.add(event.toString());
      slack.enqueue(ok());
    }

    app(perBand()).invoke(TestApp.sqsBatch(events.toArray(String[]::new)));

    for (int i = 0; i < 5; i++) {
      assertThat(slack.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("finding" + i);
    }
    assertThat(ticker.sleeps()).hasSize(4).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(1)));
  }

  @Test
  void aFilteredFindingSendsNothing() throws Exception {
    Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", slack.url("/all/" + SECRET).toString(),
        "MIN_SEVERITY", "HIGH");

    String out = app(env).invoke(TestApp.sqsBatch(Fixtures.event("finding-medium"), Fixtures.event("finding-low")));

    assertThat(TestApp.MAPPER.readTree(out).path("batchItemFailures")).isEmpty();
    assertThat(slack.getRequestCount()).isZero();
    assertThat(app.logs).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"decision\":\"filtered\""));
  }

  @Test
  void aBandWithoutWebhookIsSkippedAndLogged() throws Exception {
    String out = app(Map.of("SLACK_WEBHOOK_URL_CRITICAL", slack.url("/critical/" + SECRET).toString()))
        .invoke(Fixtures.event("finding-high"));

    JsonNode answer = TestApp.MAPPER.readTree(out);
    assertThat(answer.path("decision").asText()).isEqualTo("skipped");
    assertThat(answer.path("reason").asText()).isEqualTo("no webhook for band HIGH");
    assertThat(answer.has("delivered")).isFalse();
    assertThat(slack.getRequestCount()).isZero();
    assertThat(app.logs).singleElement().asString().contains("\"decision\":\"skipped\"", "no webhook for band HIGH");
  }

  @Test
  void aNonFindingEventIsSkippedAsSuccess() throws Exception {
    String out = app(perBand()).invoke(Fixtures.event("not-a-finding"));

    JsonNode answer = TestApp.MAPPER.readTree(out);
    assertThat(answer.path("decision").asText()).isEqualTo("skipped");
    assertThat(answer.path("reason").asText()).isEqualTo("not a finding: a Malware Protection scan result"
        + " \"NO_THREATS_FOUND\", which SCAN_RESULT_STATUSES does not post");
    assertThat(answer.has("delivered")).isFalse();
    assertThat(slack.getRequestCount()).isZero();
    assertThat(app.logs).singleElement().asString().contains("NO_THREATS_FOUND");
  }

  @Test
  void garbageInputFailsTheInvocationWithoutPosting() {
    TestApp a = app(perBand());
    assertThatThrownBy(() -> a.invoke("this is not json")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> a.invoke("{\"hello\":1}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither an SQS batch");
    assertThatThrownBy(() -> a.invoke("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void anUnparseableRecordIsReportedAndTheRestDelivered() throws Exception {
    slack.enqueue(ok());
    String noSeverity = "{\"detail-type\":\"GuardDuty Finding\",\"source\":\"aws.guardduty\",\"detail\":{\"id\":\"x\"}}";

    String out = app(perBand()).invoke(TestApp.sqsBatch("{broken", Fixtures.event("finding-high"), noSeverity));

    assertThat(TestApp.MAPPER.readTree(out).toString())
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"},{\"itemIdentifier\":\"m2\"}]}");
    assertThat(slack.getRequestCount()).isEqualTo(1);
    assertThat(app.logs).filteredOn(l -> l.contains("unparseable")).hasSize(2);
  }

  @Test
  void aBareEventThatWasNotDeliveredFailsTheInvocation() {
    for (int i = 0; i < 5; i++) {
      slack.enqueue(new MockResponse.Builder().code(503).body("service_unavailable").build());
    }
    TestApp a = app(perBand());

    assertThatThrownBy(() -> a.invoke(Fixtures.event("finding-high")))
        .isInstanceOf(FindingNotDeliveredException.class);
    assertThat(a.logs).singleElement().asString().contains("\"decision\":\"failed\"", "\"slackStatus\":503");
  }

  @Test
  void aNearlySpentInvocationReportsEverythingForRetry() throws Exception {
    slack.enqueue(ok());

    String out = app(perBand()).invoke(TestApp.sqsBatch(Fixtures.event("finding-high")), 2_000);

    assertThat(TestApp.MAPPER.readTree(out).toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void noWebhookUrlEverReachesTheLogs() throws Exception {
    slack.enqueue(ok());
    slack.enqueue(new MockResponse.Builder().code(404).body("no_service").build());
    for (int i = 0; i < 5; i++) {
      slack.enqueue(new MockResponse.Builder().code(500).body("oops").build());
    }
    TestApp a = app(perBand());
    a.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("finding-high"),
        Fixtures.event("finding-critical"), "{bad", Fixtures.event("not-a-finding")));

    assertThat(a.logs).hasSize(5);
    assertThat(String.join("\n", a.logs) + String.join("\n", a.metrics))
        .doesNotContain("SECRET").doesNotContain("xoxWebhookToken").doesNotContain("http://")
        .doesNotContain(String.valueOf(slack.getPort()));
  }

  @Test
  void aBareFilteredFindingAnswersFilteredNotDelivered() throws Exception {
    String out = app(Map.of("SLACK_WEBHOOK_URL", slack.url("/all/" + SECRET).toString(), "MIN_SEVERITY", "HIGH"))
        .invoke(Fixtures.event("finding-low"));

    JsonNode answer = TestApp.MAPPER.readTree(out);
    assertThat(answer.path("decision").asText()).isEqualTo("filtered");
    assertThat(answer.path("reason").asText()).isEqualTo("severity below minimum 7.0");
    assertThat(answer.has("delivered")).isFalse();
    assertThat(slack.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "source {0}")
  @ValueSource(strings = {"aws.guardduty.forged", "custom.app", "", "AWS.GUARDDUTY"})
  void aFindingFromAnotherSourceIsSkippedNeverPosted(String source) throws Exception {
    ObjectNode forged = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-critical"));
    forged.put("source", source);
    ObjectNode noSource = forged.deepCopy();
    noSource.remove("source");

    String out = app(perBand()).invoke(TestApp.sqsBatch(forged.toString(), noSource.toString()));

    assertThat(out).as("without a source it is no EventBridge event, and goes to the dead-letter queue")
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}");
    assertThat(slack.getRequestCount()).isZero();
    assertThat(TestApp.MAPPER.readTree(app.logs.get(0)).path("reason").asText())
        .isEqualTo("not a finding: detail-type \"GuardDuty Finding\" from \"" + source + "\"");
    assertThat(TestApp.MAPPER.readTree(app.logs.get(1)).path("reason").asText())
        .contains("not an EventBridge event");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", value = {
      "null => JSON but not an object (null)",
      "[] => JSON but not an object (an array)",
      "42 => JSON but not an object (a number)",
      "'\"text\"' => JSON but not an object (a string)",
      "true => JSON but not an object (a boolean)",
      "'' => the message body is empty",
      "'   ' => the message body is empty",
      "{oops => the message body is not JSON"})
  void aRecordThatIsNotAnEventObjectFailsAloneAndTheRestIsDelivered(String body, String why) throws Exception {
    slack.enqueue(ok());
    slack.enqueue(ok());
    String high = Fixtures.event("finding-high");

    String out = app(perBand()).invoke(TestApp.sqsBatch(high, body, high));

    assertThat(out).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}");
    assertThat(slack.getRequestCount()).isEqualTo(2);
    assertThat(app.logs).filteredOn(l -> l.contains("\"m1\"")).singleElement().satisfies(l -> {
      JsonNode log = TestApp.MAPPER.readTree(l);
      assertThat(log.path("decision").asText()).isEqualTo("failed");
      assertThat(log.path("reason").asText()).startsWith("unparseable: ").contains(why);
    });
  }

  @Test
  void aRecordWithoutABodyFailsAlone() throws Exception {
    slack.enqueue(ok());
    ObjectNode batch = (ObjectNode) TestApp.MAPPER.readTree(TestApp.sqsBatch(Fixtures.event("finding-high"), "x", "y"));
    ((ObjectNode) batch.get("Records").get(1)).remove("body");
    ((ObjectNode) batch.get("Records").get(2)).putObject("body").put("detail-type", "GuardDuty Finding");

    String out = app(perBand()).invoke(batch.toString());

    assertThat(out).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"},{\"itemIdentifier\":\"m2\"}]}");
    assertThat(app.logs).anySatisfy(l -> assertThat(l).contains("the message has no body"))
        .anySatisfy(l -> assertThat(l).contains("the message body is not text"));
  }

  static Stream<Path> eventFixtures() {
    return Fixtures.eventFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventFixtures")
  void everyEventFixtureIsHandled(Path fixture) throws Exception {
    for (int i = 0; i < 10; i++) {
      slack.enqueue(ok());
    }
    String json = Fixtures.read(fixture);
    JsonNode root = TestApp.MAPPER.readTree(json);
    int findings = 0;
    for (JsonNode event : root.has("Records") ? collectBodies(root) : List.of(root)) {
      findings += "GuardDuty Finding".equals(event.path("detail-type").asText()) ? 1 : 0;
    }

    String out = app(perBand()).invoke(json);

    assertThat(out).doesNotContain("itemIdentifier");
    assertThat(slack.getRequestCount()).isEqualTo(findings);
    for (int i = 0; i < findings; i++) {
      assertValidAndSafe(TestApp.MAPPER.readTree(slack.takeRequest().getBody().utf8()));
    }
  }

  private static List<JsonNode> collectBodies(JsonNode batch) throws Exception {
    List<JsonNode> bodies = new ArrayList<>();
    for (JsonNode record : batch.get("Records")) {
      bodies.add(TestApp.MAPPER.readTree(record.get("body").asText()));
    }
    return bodies;
  }
}
