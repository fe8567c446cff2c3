package dev.guarddutyslack.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Input input(String fixture) throws Exception {
    return new Input("m1", EventParser.parse(MAPPER.readTree(Fixtures.event(fixture))));
  }

  private static Finding finding(Input input) {
    return ((ParsedEvent.FindingEvent) input.event()).finding();
  }

  @Test
  void slacksAnswerDecidesWhatBecameOfAPost() throws Exception {
    Input input = input("finding-high");
    Finding finding = finding(input);
    Duration took = Duration.ofMillis(120);
    assertThat(Outcome.afterPost(input, finding, null, DeliveryOutcome.accepted(200, 1), took).decision())
        .isEqualTo(Decision.POSTED);
    assertThat(Outcome.afterPost(input, finding, null, DeliveryOutcome.sentUnanswered("timeout", 1), took)
        .decision()).isEqualTo(Decision.UNKNOWN);
    assertThat(Outcome.afterPost(input, finding, null, DeliveryOutcome.rateLimited(2, Duration.ofSeconds(30)), took)
        .decision()).isEqualTo(Decision.RATE_LIMITED);
    assertThat(Outcome.afterPost(input, finding, null, DeliveryOutcome.rejected(404, "no_service", 1), took)
        .decision()).isEqualTo(Decision.FAILED);
    assertThat(Outcome.afterPost(input, finding, null, DeliveryOutcome.unavailable(503, "", 3), took)
        .decision()).isEqualTo(Decision.FAILED);

    Outcome posted = Outcome.afterPost(input, finding, "renotified", DeliveryOutcome.accepted(200, 2), took);
    assertThat(posted.inputId()).isEqualTo("m1");
    assertThat(posted.reason()).isEqualTo("renotified");
    assertThat(posted.elapsed()).isEqualTo(took);
    assertThat(posted.delivery().attempts()).isEqualTo(2);
    assertThat(posted.band()).contains(Severity.HIGH);
    assertThat(posted.routed()).isEqualTo(Outcome.Routed.NONE);
  }

  @Test
  void aDigestTriggersOutcomeFollowsSlacksAnswerOrIsPending() throws Exception {
    Input trigger = new Input("t1", null);
    Duration took = Duration.ofMillis(5);
    assertThat(Outcome.digest(trigger, null, DeliveryOutcome.accepted(200, 1), took).decision())
        .isEqualTo(Decision.DIGEST_POSTED);
    assertThat(Outcome.digest(trigger, null, DeliveryOutcome.sentUnanswered("timeout", 1), took).decision())
        .isEqualTo(Decision.DIGEST_UNKNOWN);
    assertThat(Outcome.digest(trigger, null, DeliveryOutcome.rejected(400, "invalid_blocks", 1), took).decision())
        .isEqualTo(Decision.FAILED);
    Outcome pending = Outcome.digest(trigger, "window still open", null, took);
    assertThat(pending.decision()).isEqualTo(Decision.DIGEST_PENDING);
    assertThat(pending.band()).isEmpty();
    assertThat(pending.done()).isTrue();
  }

  @Test
  void onlyWhatMayStillBeDeliveredIsReportedForARetry() throws Exception {
    Set<Decision> retried = EnumSet.noneOf(Decision.class);
    for (Decision decision : Decision.values()) {
      if (!decision.done()) {
        retried.add(decision);
      }
    }
    assertThat(retried).containsExactlyInAnyOrder(Decision.DEFERRED, Decision.UNKNOWN, Decision.RATE_LIMITED,
        Decision.FAILED, Decision.DIGEST_UNKNOWN);
    Input input = input("finding-low");
    Finding finding = finding(input);
    assertThat(Outcome.failed(input, finding, "no webhook").done()).isFalse();
    assertThat(Outcome.deferred(input, finding, "claimed", Duration.ZERO).done()).isFalse();
    assertThat(Outcome.skipped(input, finding, "not a finding").done()).isTrue();
    assertThat(Outcome.filtered(input, finding, "below MIN_SEVERITY").done()).isTrue();
    assertThat(Outcome.suppressed(input, finding, "notified", Duration.ZERO).done()).isTrue();
    assertThat(Outcome.digested(input, finding, "storm", Duration.ZERO).done()).isTrue();
    assertThat(Outcome.muted(input, finding, "known scanner").reason()).isEqualTo("known scanner");
  }

  @Test
  void decisionsAreLoggedByLowerCaseLabel() {
    assertThat(Decision.RATE_LIMITED.label()).isEqualTo("rate_limited");
    assertThat(Decision.DIGEST_POSTED.label()).isEqualTo("digest_posted");
  }

  @Test
  void routingIsAddedWithoutChangingTheDecision() throws Exception {
    Input input = input("finding-critical");
    Outcome posted = Outcome.afterPost(input, finding(input), null, DeliveryOutcome.accepted(200, 1), Duration.ZERO);
    Outcome.Routed how = new Outcome.Routed(Optional.of("prod-critical"), Optional.of("SECURITY"),
        new java.util.ArrayList<>(List.of("SECURITY", "DEFAULT")));
    Outcome routed = posted.routed(how);
    assertThat(routed.routed().destinations()).containsExactly("SECURITY", "DEFAULT");
    assertThat(routed.decision()).isEqualTo(posted.decision());
    assertThat(routed.band()).contains(Severity.CRITICAL);
    assertThat(posted.routed()).isEqualTo(Outcome.Routed.NONE);
  }
}
