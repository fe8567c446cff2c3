package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate.Claim;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.MutableClock;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestApps;
import dev.guarddutyslack.testing.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One message per finding that matters, against DynamoDB as moto_server emulates it. */
@ExtendWith(Moto.class)
class DeduplicationTest {
  private static final Instant START = Instant.parse("2026-11-20T10:20:00Z");

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();

  private final MutableClock clock = new MutableClock(START);
  @RegisterExtension
  final TestApps apps = new TestApps();
  private DynamoDbClient dynamo;
  private String table;

  @BeforeEach
  void createTable() {
    dynamo = TestAws.dynamoDb();
    table = "guardduty-slack-test-" + UUID.randomUUID();
    TestAws.stateTable(dynamo, table);
    dynamo.updateTimeToLive(b -> b.tableName(table)
        .timeToLiveSpecification(t -> t.attributeName(StateTable.EXPIRES).enabled(true)));
  }

  @AfterEach
  void dropTable() {
    if (dynamo != null) {
      dynamo.deleteTable(b -> b.tableName(table));
      dynamo.close();
    }
  }

  private DynamoDbGate gate(Optional<Duration> renotifyAfter) {
    return new DynamoDbGate(new DynamoDb(table, StateTable.KEY, TestAws.client(AwsService.DYNAMODB)), renotifyAfter, clock);
  }

  private TestApp app(Optional<Duration> renotifyAfter) {
    return apps.start(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook"), "MIN_SEVERITY", "LOW",
        "DEDUP_TABLE", table), new FakeTicker(), gate(renotifyAfter), null);
  }

  private TestApp app() {
    return app(Optional.of(Duration.ofHours(24)));
  }

  private void slackAnswers(int code, String body) {
    slack.enqueue("hook", new MockResponse.Builder().code(code).body(body));
  }

  /** The high fixture, updated: a later updatedAt, a higher count, optionally another severity. */
  private static String update(String updatedAt, long count, double severity) throws Exception {
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("updatedAt", updatedAt).put("severity", severity);
    ((ObjectNode) detail.get("service")).put("count", count);
    return event.toString();
  }

  private Map<String, AttributeValue> item() throws Exception {
    Finding finding = Finding.of(TestApp.MAPPER.readTree(Fixtures.event("finding-high")).get("detail"));
    return dynamo.getItem(b -> b.tableName(table).key(Map.of(StateTable.KEY,
        AttributeValue.builder().s(StateTable.notified(finding.accountId(), finding.region(), finding.id(), Optional.empty())).build()))).item();
  }

  private static String lastDecision(TestApp app) throws Exception {
    return TestApp.MAPPER.readTree(app.logs.get(app.logs.size() - 1)).path("decision").asText();
  }

  /** The high fixture (tagged team=payments) to PAYMENTS and, since the rule continues, to HIGH by band. */
  private TestApp routedApp() {
    return apps.start(Map.of("SLACK_WEBHOOK_URL_HIGH", slack.url("/high"),
        "SLACK_WEBHOOK_URL_PAYMENTS", slack.url("/payments"), "MIN_SEVERITY", "LOW",
        "DEDUP_TABLE", table, "ROUTES", "[{\"name\":\"payments\",\"match\":{\"tag\":{\"team\":\"payments\"}},"
            + "\"to\":[\"PAYMENTS\"],\"continue\":true}]"), new FakeTicker(), gate(Optional.of(Duration.ofHours(24))),
        null);
  }

  @Test
  void eachDestinationHasItsOwnRecordAndAFailedOneAloneIsPostedAgain() throws Exception {
    TestApp app = routedApp();
    slack.enqueue("payments", 200, "ok");
    for (int i = 0; i < 3; i++) {
      slack.enqueue("high", 500, "internal_error");
    }

    String first = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));

    assertThat(first).as("the record is retried: HIGH failed").isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
    Finding finding = Finding.of(TestApp.MAPPER.readTree(Fixtures.event("finding-high")).get("detail"));
    Map<String, AttributeValue> payments = dynamo.getItem(b -> b.tableName(table).key(Map.of(StateTable.KEY,
        AttributeValue.builder().s(StateTable.notified(finding.accountId(), finding.region(), finding.id(), Optional.of("PAYMENTS"))).build()))).item();
    assertThat(payments.get("status").s()).isEqualTo("notified");
    assertThat(item()).as("the band's record was released: nothing reached HIGH").isEmpty();

    slack.enqueue("high", 200, "ok");
    String retry = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));

    assertThat(retry).isEqualTo("{\"batchItemFailures\":[]}");
    int posts = slack.count();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < posts; i++) {
      paths.add(slack.next(Duration.ofSeconds(5)).getUrl().pathSegments().get(0));
    }
    assertThat(paths).as("PAYMENTS once; HIGH its failed attempts, then once more").filteredOn("payments"::equals)
        .hasSize(1);
    assertThat(paths).filteredOn("high"::equals).hasSizeGreaterThanOrEqualTo(2);
    assertThat(item().get("status").s()).isEqualTo("notified");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : app.logs) {
      lines.add(TestApp.MAPPER.readTree(line));
    }
    assertThat(lines).filteredOn(l -> l.path("destination").asText().equals("PAYMENTS"))
        .extracting(l -> l.path("decision").asText()).containsExactly("posted", "suppressed");

    String again = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
    assertThat(again).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(slack.count()).as("a third delivery posts nowhere").isEqualTo(posts);
  }

  @Test
  void firstSightPostsAndIsRemembered() throws Exception {
    slackAnswers(200, "ok");

    String out = app().invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));

    assertThat(out).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(slack.count()).isEqualTo(1);
    Map<String, AttributeValue> item = item();
    assertThat(item.get("status").s()).isEqualTo("notified");
    assertThat(item.get("band").s()).isEqualTo("HIGH");
    assertThat(item).doesNotContainKey("claimId");
    long expires = Long.parseLong(item.get(StateTable.EXPIRES).n());
    assertThat(expires).isEqualTo(START.plus(DynamoDbGate.RETENTION).getEpochSecond());
  }

  @Test
  void redeliveryOfTheSameEventPostsNothing() throws Exception {
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));

    String out = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("finding-high")));

    assertThat(out).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(slack.count()).isEqualTo(1);
    assertThat(app.logs.subList(1, 3)).allSatisfy(l -> assertThat(l).contains("\"decision\":\"suppressed\"",
        "already notified"));
    assertThat(String.join("\n", app.metrics)).contains("\"FindingsSuppressed\":2");
  }

  @Test
  void anUpdateInsideTheWindowPostsNothing() throws Exception {
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(Fixtures.event("finding-high"));
    clock.advance(Duration.ofHours(6));

    app.invoke(update("2026-11-20T16:20:00.000Z", 200, 8.0));

    assertThat(slack.count()).isEqualTo(1);
    assertThat(lastDecision(app)).isEqualTo("suppressed");
  }

  @Test
  void anUpdateAfterTheWindowIsReNotifiedWithTheCountSinceFirstSeen() throws Exception {
    slackAnswers(200, "ok");
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(Fixtures.event("finding-high"));
    slack.next(Duration.ofSeconds(5));
    clock.advance(Duration.ofHours(25));

    app.invoke(update("2026-11-21T11:00:00.000Z", 412, 8.0));

    String body = slack.next(Duration.ofSeconds(5)).getBody().utf8();
    assertThat(body).contains("*Re-notification*: still active; last notified 2026-11-20 10:20:00 UTC.",
        "Activity seen 412 times since first seen 2026-11-20 09:55:00 UTC.");
    assertThat(lastDecision(app)).isEqualTo("posted");
    assertThat(app.logs.get(app.logs.size() - 1)).contains("re-notification: still active");
  }

  @Test
  void theSameEventAfterTheWindowIsStillADuplicate() throws Exception {
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(Fixtures.event("finding-high"));
    clock.advance(Duration.ofDays(3));

    app.invoke(Fixtures.event("finding-high"));

    assertThat(slack.count()).isEqualTo(1);
    assertThat(lastDecision(app)).isEqualTo("suppressed");
  }

  @Test
  void aHigherBandIsReNotifiedAtOnce() throws Exception {
    slackAnswers(200, "ok");
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(Fixtures.event("finding-high"));
    slack.next(Duration.ofSeconds(5));
    clock.advance(Duration.ofMinutes(30));

    app.invoke(update("2026-11-20T10:50:00.000Z", 90, 9.1));

    String body = slack.next(Duration.ofSeconds(5)).getBody().utf8();
    assertThat(body).contains("severity band rose from HIGH to CRITICAL", "Activity seen 90 times");
    assertThat(item().get("band").s()).isEqualTo("CRITICAL");
  }

  @Test
  void withNeverOnlyARisingBandIsReNotified() throws Exception {
    slackAnswers(200, "ok");
    slackAnswers(200, "ok");
    TestApp app = app(Optional.empty());
    app.invoke(Fixtures.event("finding-high"));
    clock.advance(Duration.ofDays(30));

    app.invoke(update("2026-12-20T10:00:00.000Z", 5000, 8.0));
    assertThat(lastDecision(app)).isEqualTo("suppressed");
    app.invoke(update("2026-12-20T11:00:00.000Z", 5001, 9.5));

    assertThat(lastDecision(app)).isEqualTo("posted");
    assertThat(slack.count()).isEqualTo(2);
  }

  @Test
  void aFailedPostLeavesNoClaimBehind() throws Exception {
    slackAnswers(404, "no_service");
    slackAnswers(200, "ok");
    TestApp app = app();

    String failed = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
    assertThat(failed).contains("m0");
    assertThat(item()).isEmpty();

    String retried = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
    assertThat(retried).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(slack.count()).isEqualTo(2);
    assertThat(item().get("status").s()).isEqualTo("notified");
  }

  @Test
  void aFailedReNotificationKeepsTheEarlierNotification() throws Exception {
    slackAnswers(200, "ok");
    slackAnswers(503, "unavailable");
    for (int i = 0; i < 5; i++) {
      slackAnswers(503, "unavailable");
    }
    TestApp app = app();
    app.invoke(Fixtures.event("finding-high"));
    String rising = update("2026-11-20T10:50:00.000Z", 90, 9.1);

    assertThat(app.invoke(TestApp.sqsBatch(rising))).contains("m0");

    Map<String, AttributeValue> item = item();
    assertThat(item.get("status").s()).isEqualTo("notified");
    assertThat(item.get("band").s()).isEqualTo("HIGH");
    assertThat(item).doesNotContainKey("claimId");
  }

  @Test
  void aClaimLeftByADeadInvocationLapsesAfterItsInvocationsTime() throws Exception {
    Duration invocationTime = Duration.ofSeconds(60);
    assertThat(gate(Optional.of(Duration.ofHours(24))).claim(highFinding(), Severity.HIGH, invocationTime))
        .isInstanceOf(NotificationGate.Claim.Granted.class);
    slackAnswers(200, "ok");
    TestApp app = app();

    assertThat(app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"))))
        .as("held by another invocation: retried later, not acknowledged")
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
    assertThat(lastDecision(app)).isEqualTo("deferred");
    assertThat(app.logs.get(0)).contains("being notified by another invocation");

    clock.advance(invocationTime.plus(DynamoDbGate.LEASE_MARGIN).plusSeconds(1));
    assertThat(app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")))).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(lastDecision(app)).isEqualTo("posted");
    assertThat(slack.count()).isEqualTo(1);
  }

  @Test
  void aClaimOutlivesALongInvocationAndStillLapsesAfterIt() throws Exception {
    Duration fifteenMinutes = Duration.ofMinutes(15);
    assertThat(gate(Optional.of(Duration.ofHours(24)))
        .claim(highFinding(), Severity.HIGH, fifteenMinutes))
        .isInstanceOf(NotificationGate.Claim.Granted.class);
    slackAnswers(200, "ok");
    TestApp app = app();

    clock.advance(Duration.ofMinutes(10));
    app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
    assertThat(lastDecision(app)).as("ten minutes into a fifteen-minute invocation").isEqualTo("deferred");

    clock.advance(Duration.ofMinutes(5).plus(DynamoDbGate.LEASE_MARGIN).plusSeconds(1));
    app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
    assertThat(lastDecision(app)).isEqualTo("posted");
  }

  @Test
  void anEscalationArrivingWhileAnotherInvocationPostsIsRetriedNotLost() throws Exception {
    slack.enqueue("hook", new MockResponse.Builder().code(200).body("ok").headersDelay(1500, TimeUnit.MILLISECONDS));
    slackAnswers(200, "ok");
    TestApp slow = app();
    TestApp fast = app();
    String escalation = update("2026-11-20T10:30:00.000Z", 40, 9.5);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> first = pool.submit(() -> slow.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"))));
      assertThat(slack.next(Duration.ofSeconds(10))).as("the slow invocation is posting").isNotNull();

      String meanwhile = fast.invoke(TestApp.sqsBatch(escalation));

      assertThat(meanwhile).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
      assertThat(lastDecision(fast)).isEqualTo("deferred");
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("{\"batchItemFailures\":[]}");
    } finally {
      pool.shutdownNow();
    }

    String retried = fast.invoke(TestApp.sqsBatch(escalation));

    assertThat(retried).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(lastDecision(fast)).isEqualTo("posted");
    assertThat(slack.next(Duration.ofSeconds(5)).getBody().utf8())
        .contains("severity band rose from HIGH to CRITICAL");
    assertThat(item().get("band").s()).isEqualTo("CRITICAL");
  }

  @Test
  void anOlderUpdateArrivingLateIsNeitherPostedNorRecorded() throws Exception {
    slackAnswers(200, "ok");
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(Fixtures.event("finding-high"));
    clock.advance(Duration.ofHours(25));
    String latest = update("2026-11-21T11:00:00.000Z", 300, 5.0);
    String older = update("2026-11-21T09:00:00.000Z", 250, 8.5);
    app.invoke(latest);
    assertThat(lastDecision(app)).isEqualTo("posted");
    assertThat(item().get("band").s()).isEqualTo("MEDIUM");

    String out = app.invoke(TestApp.sqsBatch(older));

    assertThat(out).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(lastDecision(app)).isEqualTo("suppressed");
    assertThat(app.logs.get(app.logs.size() - 1)).contains("stale: an older update than the one notified");
    assertThat(slack.count()).as("no 'band rose' for an older update").isEqualTo(2);
    Map<String, AttributeValue> item = item();
    assertThat(item.get("band").s()).isEqualTo("MEDIUM");
    assertThat(Long.parseLong(item.get("updatedAtMs").n()))
        .isEqualTo(Instant.parse("2026-11-21T11:00:00.000Z").toEpochMilli());
  }

  @Test
  void anOlderUpdateWithAHigherBandIsNotAnEscalation() throws Exception {
    slackAnswers(200, "ok");
    TestApp app = app();
    app.invoke(update("2026-11-20T12:00:00.000Z", 10, 7.5));

    app.invoke(update("2026-11-20T11:00:00.000Z", 8, 9.5));

    assertThat(lastDecision(app)).isEqualTo("suppressed");
    assertThat(slack.count()).isEqualTo(1);
    assertThat(item().get("band").s()).isEqualTo("HIGH");
  }

  @RepeatedTest(5)
  void twoConcurrentInvocationsOfTheSameFindingPostOnce() throws Exception {
    for (int i = 0; i < 2; i++) {
      slack.enqueue("hook", new MockResponse.Builder().code(200).body("ok").headersDelay(300, TimeUnit.MILLISECONDS));
    }
    TestApp first = app();
    TestApp second = app();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> answers = new ArrayList<>();
    try {
      List<Future<String>> results = new ArrayList<>();
      for (TestApp app : List.of(first, second)) {
        results.add(pool.submit(() -> {
          start.await();
          return app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
        }));
      }
      start.countDown();
      for (Future<String> result : results) {
        answers.add(result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(slack.count()).isEqualTo(1);
    List<String> decisions = new ArrayList<>();
    for (String line : concat(first.logs, second.logs)) {
      decisions.add(TestApp.MAPPER.readTree(line).path("decision").asText());
    }
    assertThat(decisions).hasSize(2).contains("posted");
    String loser = decisions.stream().filter(d -> !d.equals("posted")).findFirst().orElseThrow();
    assertThat(loser).as("the other copy waits for the post, or finds it done").isIn("deferred", "suppressed");
    assertThat(answers).filteredOn(a -> a.contains("m0")).hasSize(loser.equals("deferred") ? 1 : 0);
  }

  private static Finding highFinding() throws Exception {
    return Finding.of(TestApp.MAPPER.readTree(Fixtures.event("finding-high")).get("detail"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * The table remembers copies Slack did not answer, per update: a retry whose post fails (a 503) gives its
   * claim back without forgetting them, and a newer update starts from none.
   */
  @Test
  void unansweredCopiesAreCountedPerUpdateAndSurviveARetryThatFails() throws Exception {
    DynamoDbGate gate = gate(Optional.of(Duration.ofHours(24)));
    Finding first = Finding.of(TestApp.MAPPER.readTree(Fixtures.event("finding-high")).get("detail"));
    Claim.Granted claim = (Claim.Granted) gate.claim(first, Severity.HIGH, Duration.ofSeconds(30));
    assertThat(claim.unanswered()).isZero();
    gate.unanswered(claim, Duration.ofSeconds(30));
    assertThat(item().get("unanswered").n()).isEqualTo("1");

    Claim.Granted retry = (Claim.Granted) gate.claim(first, Severity.HIGH, Duration.ofSeconds(30));
    assertThat(retry.unanswered()).as("the retry knows one copy went out").isEqualTo(1);
    gate.release(retry, Duration.ofSeconds(30));
    Claim.Granted again = (Claim.Granted) gate.claim(first, Severity.HIGH, Duration.ofSeconds(30));
    assertThat(again.unanswered()).as("a failed retry forgets nothing").isEqualTo(1);
    gate.unanswered(again, Duration.ofSeconds(30));
    assertThat(((Claim.Granted) gate.claim(first, Severity.HIGH, Duration.ofSeconds(30))).unanswered()).isEqualTo(2);

    Finding newer = Finding.of(TestApp.MAPPER.readTree(update("2026-11-20T11:00:00.000Z", 20, 8.0)).get("detail"));
    clock.advance(Duration.ofMinutes(5));
    Claim.Granted fresh = (Claim.Granted) gate.claim(newer, Severity.HIGH, Duration.ofSeconds(30));
    assertThat(fresh.unanswered()).as("a newer update counts its own copies").isZero();
    gate.confirm(fresh, Duration.ofSeconds(30));
    assertThat(item()).doesNotContainKey("unanswered");
  }
}
