package dev.guarddutyslack.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.dedup.NotificationGate.Claim;
import dev.guarddutyslack.dedup.NotificationGate.ClaimToken;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.delivery.Poster;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.storm.StormSettings;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MemoryLedger;
import dev.guarddutyslack.testing.MutableClock;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Webhook;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One job's attempt, on its own: what each of Slack's answers and each failure means for the claim and the
 * window's count. The claim and the count are kept only by an accepted post, a finding held for its digest, a copy
 * Slack took without answering, and a claim past its copies; every other way out gives both back.
 */
class DispatcherTest {
  private static final Webhook WEBHOOK = Webhook.of("https://hooks.example.com/services/T0/B0/low");

  private final ExecutorService threads = Dispatcher.threads();
  private final List<String> gate = new CopyOnWriteArrayList<>();
  private final List<String> journal = new CopyOnWriteArrayList<>();
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private Function<Finding, Claim> claims = finding -> Claim.Granted.first(new ClaimToken("k", "c", Severity.LOW, 0,
      null, false));
  private Function<Webhook, DeliveryOutcome> slack = webhook -> DeliveryOutcome.accepted(200, 1);
  private boolean releaseFails;

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private final NotificationGate recordingGate = new NotificationGate() {
    @Override
    public Claim claim(Finding finding, Severity band, Optional<String> destination, Duration timeLeft) {
      gate.add("claim");
      return claims.apply(finding);
    }

    @Override
    public void confirm(Claim.Granted claim, Duration timeLeft) {
      gate.add("confirm");
    }

    @Override
    public void release(Claim.Granted claim, Duration timeLeft) {
      if (releaseFails) {
        throw new StoreUnavailableException("DynamoDB table t: throttled", false, null);
      }
      gate.add("release");
    }

    @Override
    public void unanswered(Claim.Granted claim, Duration timeLeft) {
      gate.add("unanswered");
    }
  };

  private final MemoryLedger stormLedger = new MemoryLedger();


  private final Journal recordingJournal = new Journal() {
    @Override
    public void record(Outcome outcome) {
    }

    @Override
    public void warn(String message) {
      journal.add("WARN " + message);
    }

    @Override
    public void problem(String message) {
      journal.add("ERROR " + message);
    }

    @Override
    public void hidden(String messageId, Instant visibleAgainAt) {
    }

    @Override
    public void flush() {
    }
  };

  private Outcome deliver() throws Exception {
    Finding finding = ((ParsedEvent.FindingEvent) EventParser.parse(new ObjectMapper().readTree(
        Fixtures.event("finding-low")))).finding();
    StormGuard storm = new StormGuard(new StormSettings(1, Duration.ofMinutes(5), Set.of(), Duration.ofHours(1),
        Optional.of("t"), Optional.of("q")), stormLedger, stormLedger,
        new MutableClock(Instant.parse("2026-11-29T10:00:00Z")));
    Poster poster = (address, json, deadline) -> {
      Webhook webhook = (Webhook) address;
      posted.add(webhook.url().toString());
      return slack.apply(webhook);
    };
    Edges edges = new Edges(() -> Webhooks.of(Map.of(), key -> key), recordingGate, storm, poster,
        new FindingFormatter(Map.of()), recordingJournal);
    Job job = new Job(0, new Input("m0", new ParsedEvent.FindingEvent(null)), finding, Severity.LOW,
        new Job.Target("LOW", WEBHOOK, false, List.of()), Outcome.Routed.NONE);
    Map<Job, Outcome> outcomes = new Dispatcher(new MessageWriter(new JsonFactory()), threads, Ticker.SYSTEM)
        .dispatch(List.of(job), edges, Deadline.after(Ticker.SYSTEM, Duration.ofSeconds(30), Duration.ZERO));
    return outcomes.get(job);
  }

  @Test
  void anAcceptedPostKeepsTheClaimAsTheRecordAndTheCount() throws Exception {
    Outcome outcome = deliver();

    assertThat(outcome.decision()).isEqualTo(Decision.POSTED);
    assertThat(gate).containsExactly("claim", "confirm");
    assertThat(stormLedger.calls).containsExactly("admit");
    assertThat(posted).containsExactly(WEBHOOK.url().toString());
  }

  @Test
  void aCopySlackTookWithoutAnsweringIsCountedAndKeepsTheWindowsCount() throws Exception {
    slack = webhook -> DeliveryOutcome.sentUnanswered("timeout", 1);

    Outcome outcome = deliver();

    assertThat(outcome.reason()).contains("1 of at most 2 copies");
    assertThat(gate).containsExactly("claim", "unanswered");
    assertThat(stormLedger.calls).containsExactly("admit");
  }

  @Test
  void everyOtherAnswerGivesBackTheClaimAndTheCount() throws Exception {
    for (DeliveryOutcome answer : List.of(DeliveryOutcome.rejected(400, "invalid_payload", 1),
        DeliveryOutcome.unavailable(503, null, 3), DeliveryOutcome.rateLimited(1, Duration.ofSeconds(90)))) {
      gate.clear();
      stormLedger.calls.clear();
      slack = webhook -> answer;

      Outcome outcome = deliver();

      assertThat(outcome.done()).as(answer.result().name()).isFalse();
      assertThat(gate).as(answer.result().name()).containsExactly("claim", "release");
      assertThat(stormLedger.calls).as(answer.result().name()).containsExactly("admit", "unadmit");
    }
  }

  @Test
  void aPostThatThrowsGivesBackTheClaimAndTheCountAndFailsThisFindingAlone() throws Exception {
    slack = webhook -> {
      throw new IllegalStateException("boom");
    };

    Outcome outcome = deliver();

    assertThat(outcome.decision()).isEqualTo(Decision.FAILED);
    assertThat(outcome.reason()).isEqualTo("the post failed: IllegalStateException");
    assertThat(gate).containsExactly("claim", "release");
    assertThat(stormLedger.calls).containsExactly("admit", "unadmit");
  }

  @Test
  void aFindingHeldForItsDigestKeepsTheClaimAndIsNotPosted() throws Exception {
    stormLedger.full = true;

    Outcome outcome = deliver();

    assertThat(outcome.decision()).isEqualTo(Decision.DIGESTED);
    assertThat(gate).containsExactly("claim", "confirm");
    assertThat(stormLedger.calls).containsExactly("admit", "hold");
    assertThat(posted).isEmpty();
  }

  @Test
  void theStormGuardDownGivesBackTheClaimAndSaysSoOnce() throws Exception {
    stormLedger.down = true;

    Outcome outcome = deliver();

    assertThat(outcome.decision()).isEqualTo(Decision.FAILED);
    assertThat(outcome.reason()).startsWith("storm guard unavailable: DynamoDB table t");
    assertThat(gate).containsExactly("claim", "release");
    assertThat(journal).singleElement().asString().startsWith("ERROR DynamoDB table t");
    assertThat(posted).isEmpty();
  }

  @Test
  void aRefusedOrBusyClaimTakesNothingAndGivesNothingBack() throws Exception {
    claims = finding -> new Claim.Refused("duplicate");
    assertThat(deliver().decision()).isEqualTo(Decision.SUPPRESSED);
    claims = finding -> new Claim.Busy("another invocation");
    assertThat(deliver().decision()).isEqualTo(Decision.DEFERRED);

    assertThat(gate).containsExactly("claim", "claim");
    assertThat(stormLedger.calls).isEmpty();
    assertThat(posted).isEmpty();
  }

  @Test
  void aClaimPastItsCopiesIsRecordedAndNotPostedAgain() throws Exception {
    claims = finding -> new Claim.Granted(Optional.empty(), new ClaimToken("k", "c", Severity.LOW, 0, null, false),
        Attempt.MAX_UNANSWERED_COPIES);

    Outcome outcome = deliver();

    assertThat(outcome.decision()).isEqualTo(Decision.SUPPRESSED);
    assertThat(gate).containsExactly("claim", "confirm");
    assertThat(stormLedger.calls).isEmpty();
    assertThat(posted).isEmpty();
  }

  @Test
  void aGiveBackThatFailsIsLoggedNotThrown() throws Exception {
    slack = webhook -> DeliveryOutcome.unavailable(503, null, 3);
    releaseFails = true;

    Outcome outcome = deliver();

    assertThat(outcome.decision()).isEqualTo(Decision.FAILED);
    assertThat(outcome.reason()).isEqualTo("slack unavailable, will retry");
    assertThat(journal).containsExactly("WARN could not release a notification claim: DynamoDB table t: throttled");
    assertThat(stormLedger.calls).containsExactly("admit", "unadmit");
  }
}
