package dev.guarddutyslack.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.dedup.NotificationGate.Claim;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.delivery.Poster;
import dev.guarddutyslack.format.DigestFormatter;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.outcome.PreviousNotification;
import dev.guarddutyslack.routing.Routes;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.storm.SingleTurn;
import dev.guarddutyslack.storm.StormSettings;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MemoryLedger;
import dev.guarddutyslack.testing.MutableClock;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Address;
import dev.guarddutyslack.webhooks.Webhook;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core with fakes for everything around it: no HTTP, no AWS, no clock. */
class NotifierTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Webhook LOW = Webhook.of("https://hooks.example.com/low");
  private static final Webhook HIGH = Webhook.of("https://hooks.example.com/high");
  private static final Webhook CRITICAL = Webhook.of("https://hooks.example.com/critical");

  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
  private StormGuard storm = StormGuard.OFF;
  private final RecordingJournal journal = new RecordingJournal();
  private final FakePoster poster = new FakePoster();
  private final FakeGate gate = new FakeGate();
  private final AtomicInteger webhookReads = new AtomicInteger();
  private WebhookSource webhooks = () -> {
    webhookReads.incrementAndGet();
    return Webhooks.of(Map.of("LOW", "https://hooks.example.com/low", "HIGH", "https://hooks.example.com/high",
        "CRITICAL", "https://hooks.example.com/critical"), key -> key);
  };

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private Notifier notifier(double minSeverity) {
    return notifier(minSeverity, Routes.NONE);
  }

  private Notifier notifier(double minSeverity, Routes routes) {
    MessageWriter writer = new MessageWriter(new com.fasterxml.jackson.core.JsonFactory());
    return new Notifier(new Intake(minSeverity, Intake.DEFAULT_STATUSES), routes, new Dispatcher(writer, threads, Ticker.SYSTEM),
        new Digests(new DigestFormatter(Map.of()), writer, Ticker.SYSTEM, clock),
        new Edges(webhooks, gate, storm, poster, new FindingFormatter(Map.of()), journal), clock);
  }

  private static Input finding(String id, double severity) throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("id", id).put("severity", severity);
    return new Input("m-" + id, EventParser.parse(event));
  }

  private static Deadline deadline() {
    return Deadline.after(Ticker.SYSTEM, Duration.ofSeconds(30), Duration.ZERO);
  }

  private static List<String> decisions(List<Outcome> outcomes) {
    return outcomes.stream().map(o -> o.decision().label()).toList();
  }

  /**
   * SnapStart's rehearsal works through other edges, all at once, with production's rules and parts; production's
   * notifier keeps its own edges throughout.
   */
  @Test
  void aRehearsalRunsOnItsOwnEdgesAndProductionsAreUntouched() throws Exception {
    Notifier notifier = notifier(0);
    Edges production = notifier.edges();
    RecordingJournal rehearsalJournal = new RecordingJournal();
    Edges rehearsal = new Edges(webhooks, NotificationGate.ALWAYS, StormGuard.OFF, poster,
        new FindingFormatter(Map.of()), rehearsalJournal);

    Notifier rehearsing = notifier.with(rehearsal);
    assertThat(rehearsing.edges()).isSameAs(rehearsal);
    assertThat(rehearsing.routes()).isSameAs(notifier.routes());
    rehearsing.process(List.of(finding("r-1", 5.0)), deadline());

    assertThat(notifier.edges()).isSameAs(production);
    assertThat(rehearsalJournal.outcomes).as("the rehearsal's journal").hasSize(1);
    assertThat(journal.outcomes).as("production's journal").isEmpty();
    notifier.process(List.of(finding("p-1", 5.0)), deadline());
    assertThat(journal.outcomes).as("production's journal").hasSize(1);
    assertThat(rehearsalJournal.outcomes).hasSize(1);
  }

  @Test
  void decidesEachInputFromTheInputAlone() throws Exception {
    Notifier notifier = notifier(4.0);

    assertThat(notifier.decide(new Input("a", new ParsedEvent.Unreadable("the message body is not JSON"))))
        .isEqualTo(new Notifier.Verdict.Finished(Outcome.failed(new Input("a", null), null,
            "unparseable: the message body is not JSON")));
    assertThat(notifier.decide(new Input("b", new ParsedEvent.NotAFinding("GuardDuty Runtime Protection", "aws.guardduty"))))
        .extracting(v -> ((Notifier.Verdict.Finished) v).outcome().reason())
        .isEqualTo("not a finding: detail-type \"GuardDuty Runtime Protection\" from \"aws.guardduty\"");
    assertThat(notifier.decide(finding("low", 2.0)))
        .extracting(v -> ((Notifier.Verdict.Finished) v).outcome().decision()).isEqualTo(Decision.FILTERED);
    assertThat(notifier.decide(finding("medium", 4.0))).isInstanceOf(Notifier.Verdict.Post.class)
        .extracting(v -> ((Notifier.Verdict.Post) v).band()).isEqualTo(Severity.MEDIUM);
    ObjectNode noSeverity = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) noSeverity.get("detail")).remove("severity");
    assertThat(notifier.decide(new Input("c", EventParser.parse(noSeverity))))
        .extracting(v -> ((Notifier.Verdict.Finished) v).outcome().reason())
        .isEqualTo("unparseable: the finding has no numeric severity");
    assertThat(webhookReads).as("deciding reads no webhooks").hasValue(0);
    assertThat(journal.outcomes).as("deciding records nothing").isEmpty();
  }

  private static Input scanResult(String status) throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.read(Fixtures.BASE.resolve(
        "events/families/scan-result-threats-found.json")));
    ((ObjectNode) event.path("detail").path("scanResultDetails")).put("scanResultStatus", status);
    return new Input("s-" + status, EventParser.parse(event));
  }

  /**
   * A scan result is posted when its status is one the intake takes, whatever MIN_SEVERITY says, in its band (HIGH for
   * malware found); the others are skipped as the non-findings they are.
   */
  @Test
  void scanResultsArePostedByStatusNotBySeverity() throws Exception {
    Notifier onlyCritical = notifier(9.0);
    assertThat(onlyCritical.decide(scanResult("THREATS_FOUND"))).isInstanceOf(Notifier.Verdict.Post.class)
        .extracting(v -> ((Notifier.Verdict.Post) v).band()).isEqualTo(Severity.HIGH);
    Notifier.Verdict skipped = onlyCritical.decide(scanResult("NO_THREATS_FOUND"));
    assertThat(((Notifier.Verdict.Finished) skipped).outcome().decision()).isEqualTo(Decision.SKIPPED);
    assertThat(((Notifier.Verdict.Finished) skipped).outcome().reason()).isEqualTo(
        "not a finding: a Malware Protection scan result \"NO_THREATS_FOUND\", which SCAN_RESULT_STATUSES does not post");
    assertThat(onlyCritical.decide(scanResult("ACCESS_DENIED"))).isInstanceOf(Notifier.Verdict.Finished.class);

    MessageWriter writer = new MessageWriter(new com.fasterxml.jackson.core.JsonFactory());
    Notifier accessDeniedToo = new Notifier(new Intake(9.0, java.util.Set.of("THREATS_FOUND", "ACCESS_DENIED")),
        Routes.NONE, new Dispatcher(writer, threads, Ticker.SYSTEM),
        new Digests(new DigestFormatter(Map.of()), writer, Ticker.SYSTEM, clock),
        new Edges(webhooks, gate, storm, poster, new FindingFormatter(Map.of()), journal), clock);
    assertThat(accessDeniedToo.decide(scanResult("ACCESS_DENIED"))).isInstanceOf(Notifier.Verdict.Post.class)
        .extracting(v -> ((Notifier.Verdict.Post) v).band()).isEqualTo(Severity.MEDIUM);

    List<Outcome> outcomes = onlyCritical.process(List.of(scanResult("THREATS_FOUND")), deadline());
    assertThat(outcomes).singleElement().extracting(Outcome::decision).isEqualTo(Decision.POSTED);
    assertThat(poster.posts).as("to the HIGH webhook").singleElement().satisfies(p -> {
      assertThat(p.webhook()).isEqualTo(Webhook.of("https://hooks.example.com/high"));
      assertThat(p.body()).contains("Malware found in s3", "Open object in S3 console").doesNotContain("archive");
    });
  }

  /**
   * An attack sequence and one of its findings, posted in either order, in one batch or in two: each message links
   * to the other (the finding's "Open attack sequence" is the sequence's own console link, and the sequence's "Open
   * finding" beside that finding is the finding's own).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"true,true", "true,false", "false,true", "false,false"})
  void anAttackSequenceAndItsFindingLinkToEachOtherWhicheverComesFirst(boolean sequenceFirst, boolean oneBatch)
      throws Exception {
    Input sequence = new Input("seq", EventParser.parse(MAPPER.readTree(Fixtures.event("attack-sequence"))));
    ObjectNode partEvent = (ObjectNode) MAPPER.readTree(Fixtures.read(
        Fixtures.TEST_FINDINGS.resolve("part-of-sequence.json")));
    ((ObjectNode) partEvent.get("detail")).put("severity", 7.0); // HIGH, a band this test has a webhook for
    Input part = new Input("part", EventParser.parse(partEvent));
    List<Input> order = sequenceFirst ? List.of(sequence, part) : List.of(part, sequence);
    Notifier notifier = notifier(0);
    if (oneBatch) {
      assertThat(decisions(notifier.process(order, deadline()))).containsExactly("posted", "posted");
    } else {
      for (Input input : order) {
        assertThat(decisions(notifier.process(List.of(input), deadline()))).containsExactly("posted");
      }
    }
    assertThat(poster.posts).hasSize(2);
    JsonNode sequenceMessage = posted(poster, "AttackSequence:S3/CompromisedData");
    JsonNode partMessage = posted(poster, "Part of attack sequence");
    assertThat(link(partMessage, "open_sequence")).isEqualTo(link(sequenceMessage, "open_console"))
        .endsWith("&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b");
    assertThat(link(sequenceMessage, "open_constituent_0")).isEqualTo(link(partMessage, "open_console"))
        .endsWith("&fId=3f60718293a4b5c6d7e8f90a1b2c3d4e");
  }

  /** The URL of the message's button with this action id. */
  private static String link(JsonNode message, String actionId) {
    return message.findParents("action_id").stream().filter(b -> b.path("action_id").asText().equals(actionId))
        .findFirst().orElseThrow(() -> new AssertionError("no button " + actionId)).path("url").asText();
  }

  private static JsonNode posted(FakePoster poster, String containing) throws Exception {
    return MAPPER.readTree(poster.posts.stream().map(Post::body).filter(b -> b.contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no message with " + containing)));
  }

  @Test
  void readsTheWebhooksOnceAndOnlyWhenSomethingIsToBePosted() throws Exception {
    notifier(4.0).process(List.of(finding("a", 2.0), new Input("x", new ParsedEvent.NotAFinding("x", "y"))), deadline());
    assertThat(webhookReads).hasValue(0);

    notifier(0).process(List.of(finding("a", 8.0), finding("b", 9.5), finding("c", 1.0)), deadline());
    assertThat(webhookReads).hasValue(1);
  }

  @Test
  void routesEachBandToItsWebhookAndSkipsABandWithout() throws Exception {
    List<Outcome> outcomes = notifier(0).process(List.of(finding("a", 8.0), finding("b", 5.0), finding("c", 9.5),
        finding("d", 1.0)), deadline());

    assertThat(decisions(outcomes)).containsExactly("posted", "skipped", "posted", "posted");
    assertThat(outcomes.get(1).reason()).isEqualTo("no webhook for band MEDIUM");
    assertThat(poster.posts).extracting(Post::webhook).containsExactlyInAnyOrder(HIGH, CRITICAL, LOW);
  }

  @Test
  void unreadableWebhooksFailOnlyWhatWasToBePosted() throws Exception {
    webhooks = () -> {
      throw new StoreUnavailableException("cannot read secret s (ThrottlingException)", false, null);
    };

    List<Outcome> outcomes = notifier(4.0).process(List.of(finding("a", 8.0), finding("b", 2.0)), deadline());

    assertThat(decisions(outcomes)).containsExactly("failed", "filtered");
    assertThat(outcomes.get(0).reason()).isEqualTo("webhooks unavailable: cannot read secret s (ThrottlingException)");
    assertThat(poster.posts).isEmpty();
  }

  @Test
  void aBrokenWebhookConfigurationFailsTheFindingsForALaterRetry() throws Exception {
    webhooks = () -> {
      throw new ConfigException("secret s holds no webhook: set at least DEFAULT or one band");
    };

    assertThat(decisions(notifier(0).process(List.of(finding("a", 8.0)), deadline()))).containsExactly("failed");
  }

  @Test
  void aPostedFindingIsConfirmedAndAFailedOneReleased() throws Exception {
    poster.answers.add(DeliveryOutcome.accepted(200, 1));
    poster.answers.add(DeliveryOutcome.rejected(404, "no_service", 1));

    List<Outcome> outcomes = notifier(0).process(List.of(finding("a", 8.0), finding("b", 8.0)), deadline());

    assertThat(decisions(outcomes)).containsExactly("posted", "failed");
    assertThat(outcomes.get(1).delivery().slackError()).isEqualTo("no_service");
    assertThat(outcomes.get(1).reason()).isEqualTo("slack rejected the message");
    assertThat(gate.confirmed).containsExactly("a");
    assertThat(gate.released).containsExactly("b");
  }

  @Test
  void aRefusedClaimIsSuppressedAndABusyOneDeferredWithoutPosting() throws Exception {
    gate.answers.put("a", new Claim.Refused("duplicate: already notified"));
    gate.answers.put("b", new Claim.Busy("being notified by another invocation; retried later"));

    List<Outcome> outcomes = notifier(0).process(List.of(finding("a", 8.0), finding("b", 8.0)), deadline());

    assertThat(decisions(outcomes)).containsExactly("suppressed", "deferred");
    assertThat(outcomes).extracting(Outcome::done).containsExactly(true, false);
    assertThat(poster.posts).isEmpty();
  }

  @Test
  void aGateThatCannotDecideFailsTheFindingForARetry() throws Exception {
    gate.failing = true;

    Outcome outcome = notifier(0).process(List.of(finding("a", 8.0)), deadline()).get(0);

    assertThat(outcome.decision()).isEqualTo(Decision.FAILED);
    assertThat(outcome.reason()).isEqualTo(
        "deduplication store unavailable: DynamoDB table t: ResourceNotFoundException (HTTP 400)");
    assertThat(poster.posts).isEmpty();
    assertThat(journal.problems).as("one line naming the table, for the operator").singleElement()
        .asString().contains("DynamoDB table t", "ResourceNotFoundException");
  }

  @Test
  void aPostThatThrowsFailsThatFindingAloneAndTheOthersArePosted() throws Exception {
    poster.onPost = post -> {
      if (post.body().contains("`boom`")) {
        throw new IllegalArgumentException("unexpected url");
      }
    };

    List<Outcome> outcomes = notifier(0).process(List.of(finding("ok1", 8.0), finding("boom", 8.0),
        finding("ok2", 9.5)), deadline());

    assertThat(decisions(outcomes)).containsExactly("posted", "failed", "posted");
    assertThat(outcomes.get(1).reason()).isEqualTo("the post failed: IllegalArgumentException");
    assertThat(journal.outcomes).as("every decision logged and counted").hasSize(3);
    assertThat(gate.released).containsExactly("boom");
  }

  @Test
  void aMessageSlackDidNotAnswerIsUnknownRetriedAndNeverSentAThirdTime() throws Exception {
    poster.answers.add(DeliveryOutcome.sentUnanswered("timeout_after_send", 1));
    Outcome first = notifier(0).process(List.of(finding("a", 8.0)), deadline()).get(0);
    assertThat(first.decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(first.done()).as("retried: the retry may send one more copy").isFalse();
    assertThat(first.delivery().slackError()).isEqualTo("timeout_after_send");
    assertThat(gate.unanswered).containsExactly("a");

    gate.answers.put("a", new Claim.Granted(Optional.empty(),
        new NotificationGate.ClaimToken("a", "claim", Severity.HIGH, 0, null, false), 2));
    Outcome third = notifier(0).process(List.of(finding("a", 8.0)), deadline()).get(0);
    assertThat(third.decision()).isEqualTo(Decision.SUPPRESSED);
    assertThat(third.reason()).contains("sent 2 times already and Slack answered none");
    assertThat(poster.posts).as("the first copy only: the third was not sent").hasSize(1);
    assertThat(gate.confirmed).containsExactly("a");
  }

  @Test
  void aWaitLongerThanTheInvocationHandsTheFindingBackAsRateLimited() throws Exception {
    poster.answers.add(DeliveryOutcome.rateLimited(1, Duration.ofHours(1)));

    Outcome outcome = notifier(0).process(List.of(finding("a", 8.0)), deadline()).get(0);

    assertThat(outcome.decision()).isEqualTo(Decision.RATE_LIMITED);
    assertThat(outcome.done()).isFalse();
    assertThat(outcome.reason()).contains("3600 s");
    assertThat(gate.released).containsExactly("a");
  }

  @Test
  void aFindingWhoseUpdateTimeIsNoTimeIsPostedAndTheLogSaysWhy() throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("id", "forged").put("updatedAt", "+999999999-12-31T23:59:59Z");

    Outcome outcome = notifier(0).process(List.of(new Input("m", EventParser.parse(event))), deadline()).get(0);

    assertThat(outcome.decision()).isEqualTo(Decision.POSTED);
    assertThat(journal.warnings).singleElement().asString().contains("\"forged\"", "updatedAt", "treated as absent");
  }

  @Test
  void aReNotificationSaysWhyInTheMessageAndTheLog() throws Exception {
    gate.answers.put("a", new Claim.Granted(Optional.of(new PreviousNotification(Severity.HIGH,
        Instant.parse("2026-11-20T10:00:00Z"))), null, 0));

    Outcome outcome = notifier(0).process(List.of(finding("a", 9.5)), deadline()).get(0);

    assertThat(outcome.reason()).isEqualTo("re-notification: band rose from HIGH");
    assertThat(poster.posts.get(0).body()).contains("severity band rose from HIGH to CRITICAL");
  }

  @Test
  void postsToOneWebhookKeepInputOrderWhileWebhooksAreServedTogether() throws Exception {
    CountDownLatch bothWebhooksBusy = new CountDownLatch(2);
    poster.onPost = post -> {
      if (post.body().contains("\"first-")) {
        bothWebhooksBusy.countDown();
        try {
          assertThat(bothWebhooksBusy.await(5, TimeUnit.SECONDS)).as("the other webhook is served meanwhile").isTrue();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inputs.add(finding((i == 0 ? "first-" : "") + "high-" + i, 8.0));
      inputs.add(finding((i == 0 ? "first-" : "") + "critical-" + i, 9.5));
    }

    List<Outcome> outcomes = notifier(0).process(inputs, deadline());

    assertThat(outcomes).extracting(Outcome::inputId).containsExactlyElementsOf(inputs.stream().map(Input::id).toList());
    assertThat(poster.posts.stream().filter(p -> p.webhook().equals(HIGH)).map(p -> findingId(p.body())))
        .containsExactly("first-high-0", "high-1", "high-2", "high-3");
    assertThat(poster.posts.stream().filter(p -> p.webhook().equals(CRITICAL)).map(p -> findingId(p.body())))
        .containsExactly("first-critical-0", "critical-1", "critical-2", "critical-3");
  }

  @Test
  void everyOutcomeIsRecordedOnceAndTheJournalFlushedOnce() throws Exception {
    notifier(4.0).process(List.of(finding("a", 8.0), finding("b", 1.0),
        new Input("x", new ParsedEvent.Unreadable("the message body is empty"))), deadline());

    assertThat(journal.outcomes).extracting(Outcome::inputId).containsExactlyInAnyOrder("m-a", "m-b", "x");
    assertThat(journal.flushes).hasValue(1);
  }

  /** The issue's example rules, with a webhook for each destination they name. */
  private static final String RULES = """
      [{"name":"sandbox recon","match":{"account":["222233334444"],"type":["Recon:*"]},"mute":"expected scanning"},
       {"name":"payments","match":{"tag":{"team":"payments"}},"to":["PAYMENTS"],"continue":true},
       {"name":"on-call","match":{"band":["CRITICAL"]},"to":["ONCALL","CRITICAL"],"mention":"here"}]""";
  private static final Webhook PAYMENTS = Webhook.of("https://hooks.example.com/payments");
  private static final Webhook ONCALL = Webhook.of("https://hooks.example.com/oncall");

  private void routedWebhooks() {
    webhooks = () -> Webhooks.of(Map.of("HIGH", "https://hooks.example.com/high",
        "CRITICAL", "https://hooks.example.com/critical", "PAYMENTS", "https://hooks.example.com/payments",
        "ONCALL", "https://hooks.example.com/oncall"), Set.of("HIGH", "CRITICAL", "PAYMENTS", "ONCALL",
        "LOW", "MEDIUM", "DEFAULT"), key -> key);
  }

  private static Input routedFinding(String id, double severity, String account, String type) throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("id", id).put("severity", severity).put("accountId", account)
        .put("type", type);
    return new Input("m-" + id, EventParser.parse(event));
  }

  @Test
  void aFindingGoesToEachDestinationOnceEachClaimedOnItsOwnAndTheBandKeepsItsRecord() throws Exception {
    routedWebhooks();

    List<Outcome> outcomes = notifier(0, Routes.parse(RULES, "ROUTES", Map.of())).process(List.of(
        routedFinding("crit", 9.5, "111122223333", "Backdoor:EC2/C&CActivity.B")), deadline());

    assertThat(poster.posts).extracting(Post::webhook).containsExactlyInAnyOrder(PAYMENTS, ONCALL, CRITICAL);
    assertThat(gate.claims).as("PAYMENTS and ONCALL have records of their own; the band's channel the finding's")
        .containsExactlyInAnyOrder("crit#PAYMENTS", "crit#ONCALL", "crit");
    assertThat(outcomes).hasSize(3).allSatisfy(o -> {
      assertThat(o.decision()).isEqualTo(Decision.POSTED);
      assertThat(o.inputId()).isEqualTo("m-crit");
      assertThat(o.routed().rules()).contains("payments, on-call");
      assertThat(o.routed().destinations()).containsExactly("PAYMENTS", "ONCALL", "CRITICAL");
    });
    assertThat(outcomes).extracting(o -> o.routed().destination().orElseThrow())
        .containsExactly("PAYMENTS", "ONCALL", "CRITICAL");
    String toPayments = poster.posts.stream().filter(p -> p.webhook().equals(PAYMENTS)).findFirst().orElseThrow().body();
    String toOncall = poster.posts.stream().filter(p -> p.webhook().equals(ONCALL)).findFirst().orElseThrow().body();
    assertThat(MAPPER.readTree(toOncall).path("text").asText()).startsWith("<!here> GuardDuty CRITICAL");
    assertThat(MAPPER.readTree(toPayments).path("text").asText()).as("the payments rule mentions no one")
        .startsWith("GuardDuty CRITICAL").doesNotContain("<!");
  }

  @Test
  void aContinueRuleAloneLeavesTheFindingToItsBandToo() throws Exception {
    routedWebhooks();

    notifier(0, Routes.parse(RULES, "ROUTES", Map.of())).process(List.of(
        routedFinding("high", 8.0, "111122223333", "Trojan:EC2/DNSDataExfiltration")), deadline());

    assertThat(poster.posts).extracting(Post::webhook).containsExactlyInAnyOrder(PAYMENTS, HIGH);
    assertThat(gate.claims).containsExactlyInAnyOrder("high#PAYMENTS", "high");
  }

  @Test
  void aMutedFindingIsNotPostedAndSaysWhichRuleAndWhy() throws Exception {
    routedWebhooks();

    List<Outcome> outcomes = notifier(0, Routes.parse(RULES, "ROUTES", Map.of())).process(List.of(
        routedFinding("recon", 5.0, "222233334444", "Recon:EC2/PortProbeUnprotectedPort")), deadline());

    assertThat(poster.posts).isEmpty();
    assertThat(gate.claims).isEmpty();
    assertThat(outcomes).singleElement().satisfies(o -> {
      assertThat(o.decision()).isEqualTo(Decision.MUTED);
      assertThat(o.done()).isTrue();
      assertThat(o.reason()).isEqualTo("expected scanning");
      assertThat(o.routed().rules()).contains("sandbox recon");
    });
  }

  @Test
  void aFailedPostToOneDestinationRetriesThatOneAlone() throws Exception {
    routedWebhooks();
    poster.failing = ONCALL;

    List<Outcome> outcomes = notifier(0, Routes.parse(RULES, "ROUTES", Map.of())).process(List.of(
        routedFinding("crit", 9.5, "111122223333", "Backdoor:EC2/C&CActivity.B")), deadline());

    assertThat(outcomes).filteredOn(o -> !o.done()).extracting(o -> o.routed().destination().orElseThrow())
        .containsExactly("ONCALL");
    assertThat(gate.released).containsExactly("crit#ONCALL");
    assertThat(gate.confirmed).containsExactlyInAnyOrder("crit#PAYMENTS", "crit");
  }

  @Test
  void twoNamesForOneWebhookAreOneMessage() throws Exception {
    webhooks = () -> Webhooks.of(Map.of("CRITICAL", "https://hooks.example.com/critical",
        "ONCALL", "https://hooks.example.com/critical"),
        Set.of("CRITICAL", "ONCALL", "LOW", "MEDIUM", "HIGH", "DEFAULT"), key -> key);

    List<Outcome> outcomes = notifier(0, Routes.parse("[{\"name\":\"c\",\"to\":[\"ONCALL\",\"CRITICAL\"]}]",
        "ROUTES", Map.of())).process(List.of(finding("crit", 9.5)), deadline());

    assertThat(poster.posts).hasSize(1);
    assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.routed().destinations()).containsExactly("ONCALL"));
  }

  @Test
  void aRuleNamingADestinationWithoutAWebhookFailsEveryFindingLoudly() throws Exception {
    List<Outcome> outcomes = notifier(0, Routes.parse("[{\"name\":\"c\",\"to\":[\"ONCALL\"]}]", "ROUTES",
        Map.of())).process(List.of(finding("crit", 9.5)), deadline());

    assertThat(poster.posts).isEmpty();
    assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.decision()).isEqualTo(Decision.FAILED));
    assertThat(journal.problems).singleElement().asString().startsWith("ROUTES[0].to: no webhook or channel named ONCALL");
  }

  @Test
  void aRuleThatHasEndedIsReportedOnceAndNoLongerMutes() throws Exception {
    Notifier notifier = notifier(0, Routes.parse("[{\"name\":\"old\",\"mute\":\"n\",\"until\":\"2026-11-01\"}]",
        "ROUTES", Map.of()));

    notifier.process(List.of(finding("a", 8.0)), deadline());
    notifier.process(List.of(finding("b", 8.0)), deadline());

    assertThat(poster.posts).hasSize(2);
    assertThat(journal.warnings).filteredOn(w -> w.toString().contains("old"))
        .singleElement().asString().isEqualTo("routing rule 'old' (ROUTES[0]) ended on 2026-11-01 and no longer applies");
  }

  private final MemoryLedger ledger = new MemoryLedger();

  private void stormGuard(int threshold, Set<Severity> digestBands) {
    storm = new StormGuard(new StormSettings(threshold, Duration.ofMinutes(5), digestBands, Duration.ofHours(1),
        Optional.of("t"), Optional.of("q")), ledger, ledger, clock);
  }

  private static List<Input> findings(String prefix, int count, double severity) throws Exception {
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(finding(prefix + i, severity));
    }
    return inputs;
  }

  private static Map<Decision, Long> tally(List<Outcome> outcomes) {
    return outcomes.stream().collect(java.util.stream.Collectors.groupingBy(Outcome::decision,
        java.util.stream.Collectors.counting()));
  }

  @Test
  void pastTheThresholdFindingsAreHeldBackForTheDigestAndTheTriggerIsSentOnce() throws Exception {
    stormGuard(2, Set.of());

    List<Outcome> outcomes = notifier(0).process(findings("low-", 5, 2.0), deadline());

    assertThat(tally(outcomes)).containsExactlyInAnyOrderEntriesOf(Map.of(Decision.POSTED, 2L, Decision.DIGESTED, 3L));
    assertThat(poster.posts).hasSize(2);
    assertThat(gate.confirmed).as("a held finding is remembered as notified").hasSize(5);
    assertThat(ledger.triggers).singleElement().satisfies(t -> {
      assertThat(t.getKey().destination()).isEqualTo("LOW");
      assertThat(t.getKey().start()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
      assertThat(t.getValue()).isEqualTo(Instant.parse("2026-11-29T12:05:15Z"));
    });
    assertThat(outcomes).filteredOn(o -> o.decision() == Decision.DIGESTED).extracting(Outcome::reason)
        .allMatch(r -> r.startsWith("held back for the digest of LOW, window 2026-11-29T12:00:00Z (5 min)"));
  }

  @Test
  void criticalIsNeverHeldBackAndHighOnlyPastTwiceTheThreshold() throws Exception {
    stormGuard(2, Set.of());
    List<Input> inputs = new ArrayList<>(findings("crit-", 5, 9.5));
    inputs.addAll(findings("high-", 6, 8.0));

    List<Outcome> outcomes = notifier(0).process(inputs, deadline());

    assertThat(outcomes.subList(0, 5)).extracting(Outcome::decision).containsOnly(Decision.POSTED);
    // Four HIGH singly: three now, the fourth (its turn at Slack's pace 3 s away) handed on to its turn.
    assertThat(outcomes.subList(5, 11)).extracting(Outcome::decision).containsExactly(Decision.POSTED,
        Decision.POSTED, Decision.POSTED, Decision.SCHEDULED, Decision.DIGESTED, Decision.DIGESTED);
  }

  /**
   * A busy channel: a single message whose turn at Slack's pace is more than PATIENCE away is handed on to the
   * function's own queue, due at its turn, and this batch goes on (its claim given back, its count kept). At its
   * turn it is posted to that destination alone, counted no second time; a destination the rules no longer send it
   * to skips it.
   */
  @Test
  void aSingleWhoseTurnIsFarOffIsHandedOnAndPostedAtItsTurn() throws Exception {
    stormGuard(20, Set.of());
    Notifier notifier = notifier(0);

    List<Outcome> outcomes = notifier.process(findings("low-", 6, 2.0), deadline());

    assertThat(outcomes).extracting(Outcome::decision).containsExactly(Decision.POSTED, Decision.POSTED,
        Decision.POSTED, Decision.SCHEDULED, Decision.SCHEDULED, Decision.SCHEDULED);
    assertThat(outcomes.get(4).reason()).isEqualTo("let through singly to LOW, whose channel is busy: handed on to"
        + " be posted at its turn, 2026-11-29T12:00:04Z");
    assertThat(poster.posts).hasSize(3);
    assertThat(ledger.handedOn).extracting(Map.Entry::getValue).containsExactly(Instant.parse("2026-11-29T12:00:03Z"),
        Instant.parse("2026-11-29T12:00:04Z"), Instant.parse("2026-11-29T12:00:05Z"));
    assertThat(gate.released).as("the claims, for the copy that posts them").hasSize(3);
    Window window = Window.containing("LOW", clock.instant(), Duration.ofMinutes(5));
    assertThat(ledger.singles(window)).as("counted once, when they came").isEqualTo(6);

    JsonNode turn = MAPPER.readTree(ledger.handedOn.get(0).getKey());
    int admits = (int) ledger.calls.stream().filter("admit"::equals).count();
    Outcome posted = notifier.process(List.of(new Input("turn", SingleTurn.read(turn))), deadline()).get(0);
    assertThat(posted.decision()).isEqualTo(Decision.POSTED);
    assertThat(findingId(poster.posts.get(3).body())).isEqualTo("low-3");
    assertThat(ledger.calls.stream().filter("admit"::equals).count()).as("not counted again").isEqualTo(admits);
    assertThat(ledger.singles(window)).isEqualTo(6);

    ((com.fasterxml.jackson.databind.node.ObjectNode) turn).put("destination", "ONCALL");
    Outcome elsewhere = notifier.process(List.of(new Input("turn", SingleTurn.read(turn))), deadline()).get(0);
    assertThat(elsewhere.decision()).isEqualTo(Decision.SKIPPED);
    assertThat(elsewhere.reason()).contains("its turn came for ONCALL, where the routing rules no longer send it");
    assertThat(poster.posts).hasSize(4);
  }

  /**
   * The findings of a destination are claimed ahead of their posts, but a finding that comes again in the same batch
   * (an update) is claimed only after the posts before it: it finds its first message notified, not busy.
   */
  @Test
  void aFindingThatComesAgainInTheBatchIsClaimedAfterThePostsBeforeIt() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    poster.onPost = p -> order.add("post " + findingId(p.body()));
    List<Input> inputs = List.of(finding("a", 8.0), finding("b", 8.0), finding("a", 8.5), finding("c", 8.0));
    gate.onClaim = key -> order.add("claim " + key.substring(0, 1));

    notifier(0).process(inputs, deadline());

    assertThat(order).containsExactly("claim a", "claim b", "post a", "post b", "claim a", "claim c", "post a",
        "post c");
  }

  @Test
  void aDigestBandIsNeverPostedSinglyOnlyInItsDigest() throws Exception {
    stormGuard(0, Set.of(Severity.LOW));

    List<Outcome> outcomes = notifier(0).process(findings("low-", 3, 2.0), deadline());

    assertThat(outcomes).extracting(Outcome::decision).containsOnly(Decision.DIGESTED);
    assertThat(poster.posts).isEmpty();
    assertThat(ledger.triggers).singleElement().satisfies(t -> assertThat(t.getKey().length())
        .isEqualTo(Duration.ofHours(1)));
  }

  @Test
  void theDigestIsPostedOnceAfterItsWindowFromWhatWasHeld() throws Exception {
    stormGuard(2, Set.of());
    Notifier notifier = notifier(0);
    notifier.process(findings("low-", 5, 2.0), deadline());
    Map.Entry<Window, Instant> trigger = ledger.triggers.get(0);
    Input due = new Input("trigger", new ParsedEvent.DigestDue("LOW", trigger.getKey().start(), Duration.ofMinutes(5)));

    Outcome early = notifier.process(List.of(due), deadline()).get(0);
    assertThat(early.decision()).isEqualTo(Decision.DIGEST_PENDING);
    assertThat(early.reason()).contains("due at " + trigger.getKey().end().plus(StormGuard.GRACE));
    assertThat(ledger.triggers).as("an early trigger is sent again").hasSize(2);

    clock.advance(Duration.ofMinutes(6));
    Outcome posted = notifier.process(List.of(due), deadline()).get(0);
    Outcome again = notifier.process(List.of(due), deadline()).get(0);

    assertThat(posted.decision()).isEqualTo(Decision.DIGEST_POSTED);
    assertThat(posted.reason()).isEqualTo("digest of 3 held back, 2 posted singly");
    assertThat(again.decision()).isEqualTo(Decision.DIGEST_PENDING);
    assertThat(poster.posts).hasSize(3);
    JsonNode digest = MAPPER.readTree(poster.posts.get(2).body());
    assertThat(digest.path("text").asText()).startsWith("GuardDuty digest: 5 findings in 5 minutes; 2 posted singly,"
        + " 3 held back (LOW)");
    assertThat(poster.posts.get(2).webhook()).isEqualTo(LOW);
  }

  /**
   * App mode: a window's digest is one message, posted when the first trigger comes 20 s after the first hold,
   * edited by the next ones (at most every 20 s) as findings are held, and replaced by the digest itself when the
   * window ends; no second message.
   */
  @Test
  void inAppModeTheDigestIsOneMessageEditedAsFindingsAreHeld() throws Exception {
    stormGuard(2, Set.of());
    webhooks = () -> Webhooks.of(Map.of(), key -> key).withChannels(Map.of("LOW", "C0LOWCHAN1"),
        Optional.of("xoxb-1111111111-2222222222-testtoken"), okhttp3.HttpUrl.get("http://127.0.0.1:9/api/"),
        Webhooks.BAND_NAMES, key -> key, "BOT_TOKEN");
    Notifier notifier = notifier(0);
    notifier.process(findings("low-", 4, 2.0), deadline());
    Map.Entry<Window, Instant> first = ledger.triggers.get(0);
    assertThat(first.getValue()).as("the first look 20 s after the first hold").isEqualTo(
        clock.instant().plus(StormGuard.PROGRESS));
    Input due = new Input("trigger", new ParsedEvent.DigestDue("LOW", first.getKey().start(), Duration.ofMinutes(5)));

    clock.advance(StormGuard.PROGRESS);
    Outcome soFar = notifier.process(List.of(due), deadline()).get(0);
    assertThat(soFar.decision()).isEqualTo(Decision.DIGEST_PENDING);
    assertThat(soFar.reason()).startsWith("the digest so far (2 held back) was posted");
    assertThat(poster.posts).hasSize(3);
    assertThat(poster.posts.get(2).body()).contains("Still collecting: the window closes at");
    assertThat(ledger.triggers).as("the next look").hasSize(2);

    notifier.process(findings("low-more-", 2, 2.0), deadline());
    Outcome tooSoon = notifier.process(List.of(due), deadline()).get(0);
    assertThat(tooSoon.reason()).contains("less than 20 s ago");
    clock.advance(StormGuard.PROGRESS);
    Outcome edited = notifier.process(List.of(due), deadline()).get(0);
    assertThat(edited.reason()).startsWith("the digest so far (4 held back) was edited in place");
    assertThat(poster.edits).singleElement().asString().startsWith("chat.update ").contains("\"ts\":\"1765000000.000")
        .contains("Still collecting");

    clock.advance(Duration.ofMinutes(6));
    Outcome closed = notifier.process(List.of(due), deadline()).get(0);
    assertThat(closed.decision()).isEqualTo(Decision.DIGEST_POSTED);
    assertThat(poster.posts).as("still one digest message").hasSize(3);
    assertThat(poster.edits).hasSize(2);
    assertThat(poster.edits.get(1)).contains("GuardDuty digest: 6 findings in 5 minutes; 2 posted singly, 4 held back")
        .doesNotContain("Still collecting");
  }

  @Test
  void aHeldFindingWhoseBandRisesToCriticalIsPostedAtOnce() throws Exception {
    stormGuard(1, Set.of());
    Notifier notifier = notifier(0);
    notifier.process(findings("low-", 2, 2.0), deadline());
    gate.answers.put("low-1", new Claim.Granted(Optional.of(new PreviousNotification(Severity.LOW,
        Instant.parse("2026-11-29T12:00:00Z"))), null, 0));

    Outcome escalated = notifier.process(List.of(finding("low-1", 9.5)), deadline()).get(0);

    assertThat(escalated.decision()).isEqualTo(Decision.POSTED);
    assertThat(poster.posts.get(poster.posts.size() - 1).webhook()).isEqualTo(CRITICAL);
  }

  @Test
  void everyFindingIsAccountedFor() throws Exception {
    stormGuard(3, Set.of());
    webhooks = () -> Webhooks.of(Map.of("LOW", "https://hooks.example.com/low"), key -> key);
    List<Input> inputs = new ArrayList<>(findings("low-", 10, 2.0));
    inputs.addAll(findings("medium-", 4, 5.0));
    inputs.add(new Input("other", new ParsedEvent.NotAFinding("GuardDuty Malware Scan", "aws.guardduty")));

    List<Outcome> outcomes = notifier(0).process(inputs, deadline());

    Map<Decision, Long> counted = tally(outcomes);
    assertThat(counted).containsExactlyInAnyOrderEntriesOf(Map.of(Decision.POSTED, 3L, Decision.DIGESTED, 7L,
        Decision.SKIPPED, 5L));
    assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(inputs.size());
  }

  private static String findingId(String body) {
    int start = body.indexOf("Finding `") + "Finding `".length();
    return body.substring(start, body.indexOf('`', start));
  }

  private record Post(Address webhook, String body) {}

  private static final class FakePoster implements Poster {
    final List<Post> posts = new CopyOnWriteArrayList<>();
    final List<DeliveryOutcome> answers = Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<Post> onPost = p -> { };
    volatile Webhook failing;

    /** The Web API edits, as {@code chat.update <body>}. */
    final List<String> edits = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger ts = new java.util.concurrent.atomic.AtomicInteger(100);

    @Override
    public DeliveryOutcome post(Address webhook, byte[] json, Deadline deadline) {
      Post post = new Post(webhook, new String(json, java.nio.charset.StandardCharsets.UTF_8));
      posts.add(post);
      onPost.accept(post);
      if (webhook.equals(failing)) {
        return DeliveryOutcome.unavailable(500, null, 3);
      }
      if (!answers.isEmpty()) {
        return answers.remove(0);
      }
      // A channel's message is named by Slack; a webhook's is not.
      return webhook instanceof dev.guarddutyslack.webhooks.Channel
          ? DeliveryOutcome.accepted(200, 1, "1765000000.000" + ts.getAndIncrement()) : DeliveryOutcome.accepted(200, 1);
    }

    @Override
    public DeliveryOutcome call(dev.guarddutyslack.webhooks.Channel channel, String method, byte[] json,
                                Deadline deadline) {
      edits.add(method + " " + new String(json, java.nio.charset.StandardCharsets.UTF_8));
      return DeliveryOutcome.accepted(200, 1);
    }
  }

  private static final class FakeGate implements NotificationGate {
    final Map<String, Claim> answers = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> confirmed = new CopyOnWriteArrayList<>();
    final List<String> released = new CopyOnWriteArrayList<>();
    final List<String> unanswered = new CopyOnWriteArrayList<>();
    final List<String> claims = new CopyOnWriteArrayList<>();
    java.util.function.Consumer<String> onClaim = k -> { };
    volatile boolean failing;

    @Override
    public void unanswered(Claim.Granted claim, Duration timeLeft) {
      unanswered.add(claim.token().key());
    }

    @Override
    public Claim claim(Finding finding, Severity band, Optional<String> destination, Duration timeLeft) {
      if (failing) {
        throw new StoreUnavailableException("DynamoDB table t: ResourceNotFoundException (HTTP 400)", true, null);
      }
      String key = finding.id() + destination.map(d -> "#" + d).orElse("");
      claims.add(key);
      onClaim.accept(key);
      return answers.getOrDefault(key, Claim.Granted.first(new ClaimToken(key, "claim", band, 0, null, false)));
    }

    @Override
    public void confirm(Claim.Granted claim, Duration timeLeft) {
      confirmed.add(claim.token().key());
    }

    @Override
    public void release(Claim.Granted claim, Duration timeLeft) {
      released.add(claim.token().key());
    }
  }

  private static final class RecordingJournal implements Journal {
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();

    @Override
    public void record(Outcome outcome) {
      outcomes.add(outcome);
    }

    @Override
    public void warn(String message) {
      warnings.add(message);
    }

    @Override
    public void problem(String message) {
      problems.add(message);
    }

    @Override
    public void hidden(String messageId, java.time.Instant visibleAgainAt) {
      warnings.add("hidden " + messageId + " until " + visibleAgainAt);
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
    }
  }

}
