package dev.guarddutyslack.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MemoryLedger;
import dev.guarddutyslack.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The storm guard on its own, on a ledger in memory and a clock the test sets: who goes out singly, who is held
 * back, when the digest is scheduled, and the guard that is off.
 */
class StormGuardTest {
  private static final Duration T = Duration.ofSeconds(5);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:07:30Z"));
  private final MemoryLedger ledger = new MemoryLedger();
  private final List<Instant> scheduled = new ArrayList<>();
  private final DigestScheduler scheduler = (window, due, timeLeft) -> scheduled.add(due);

  private StormGuard guard(int threshold, Set<Severity> digestBands) {
    return new StormGuard(new StormSettings(threshold, Duration.ofMinutes(5), digestBands, Duration.ofHours(1),
        Optional.of("table"), Optional.of("queue")), ledger, scheduler, clock);
  }

  private static Finding finding(String id) throws Exception {
    ObjectNode detail = (ObjectNode) new ObjectMapper().readTree(Fixtures.event("finding-low")).get("detail");
    return Finding.of(detail.put("id", id));
  }

  @Test
  void theFirstThresholdGoOutSinglyInTheirWindowAndTheRestAreHeld() {
    StormGuard guard = guard(2, Set.of());

    StormGuard.Admission first = guard.admit("LOW", Severity.LOW, T);
    StormGuard.Admission second = guard.admit("LOW", Severity.LOW, T);
    StormGuard.Admission third = guard.admit("LOW", Severity.LOW, T);

    Window window = new Window("LOW", Instant.parse("2026-11-29T10:05:00Z"), Duration.ofMinutes(5));
    Instant now = clock.instant();
    assertThat(first).isEqualTo(new StormGuard.Admission.Single(Optional.of(window), Optional.of(now)));
    assertThat(second).as("a second later, at Slack's pace")
        .isEqualTo(new StormGuard.Admission.Single(Optional.of(window), Optional.of(now.plusSeconds(1))));
    assertThat(third).isEqualTo(new StormGuard.Admission.Hold(window));
    assertThat(ledger.singles(window)).isEqualTo(2);
  }

  /**
   * Each single message's turn is a second after the one before, or now when the channel has been quiet; a turn
   * more than PATIENCE away is to be taken later (handed on), but never a CRITICAL finding's.
   */
  @Test
  void aSinglesTurnFarOffIsForLaterButNeverCriticals() {
    StormGuard guard = guard(20, Set.of());
    List<Optional<Instant>> later = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      later.add(guard.laterTurn((StormGuard.Admission.Single) guard.admit("LOW", Severity.LOW, T), Severity.LOW));
    }
    Instant now = clock.instant();
    assertThat(later).containsExactly(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(now.plusSeconds(3)), Optional.of(now.plusSeconds(4)), Optional.of(now.plusSeconds(5)));
    StormGuard.Admission.Single critical = (StormGuard.Admission.Single) guard.admit("LOW", Severity.CRITICAL, T);
    assertThat(critical.turn()).contains(now.plusSeconds(6));
    assertThat(guard.laterTurn(critical, Severity.CRITICAL)).as("CRITICAL is never kept for later").isEmpty();

    clock.advance(Duration.ofSeconds(30));
    assertThat(guard.laterTurn((StormGuard.Admission.Single) guard.admit("LOW", Severity.LOW, T), Severity.LOW))
        .as("the channel has caught up: now").isEmpty();
    assertThat(guard.laterTurn(new StormGuard.Admission.Single(Optional.empty(), Optional.of(now.plusSeconds(60))),
        Severity.LOW)).as("a message the guard did not count").isEmpty();
  }

  @Test
  void highGoesTwiceAsFarAndCriticalIsNeverHeld() {
    StormGuard guard = guard(1, Set.of());

    assertThat(guard.admit("D", Severity.HIGH, T)).isInstanceOf(StormGuard.Admission.Single.class);
    assertThat(guard.admit("D", Severity.HIGH, T)).isInstanceOf(StormGuard.Admission.Single.class);
    assertThat(guard.admit("D", Severity.HIGH, T)).isInstanceOf(StormGuard.Admission.Hold.class);
    for (int i = 0; i < 50; i++) {
      assertThat(guard.admit("D", Severity.CRITICAL, T)).isInstanceOf(StormGuard.Admission.Single.class);
    }
  }

  @Test
  void aNewWindowStartsAfresh() {
    StormGuard guard = guard(1, Set.of());
    guard.admit("LOW", Severity.LOW, T);
    assertThat(guard.admit("LOW", Severity.LOW, T)).isInstanceOf(StormGuard.Admission.Hold.class);

    clock.advance(Duration.ofMinutes(5));

    assertThat(guard.admit("LOW", Severity.LOW, T)).isInstanceOf(StormGuard.Admission.Single.class);
  }

  @Test
  void aFailedPostIsTakenBackFromItsWindow() {
    StormGuard guard = guard(1, Set.of());
    StormGuard.Admission.Single single = (StormGuard.Admission.Single) guard.admit("LOW", Severity.LOW, T);
    assertThat(guard.admit("LOW", Severity.LOW, T)).isInstanceOf(StormGuard.Admission.Hold.class);

    guard.unadmit(single, T);

    assertThat(guard.admit("LOW", Severity.LOW, T)).as("the window has room again, and this copy knows it")
        .isInstanceOf(StormGuard.Admission.Single.class);
  }

  @Test
  void aDigestBandIsAlwaysHeldInItsOwnWindow() {
    StormGuard guard = guard(20, Set.of(Severity.LOW));

    assertThat(guard.admit("LOW", Severity.LOW, T)).isEqualTo(new StormGuard.Admission.Hold(
        new Window("LOW", Instant.parse("2026-11-29T10:00:00Z"), Duration.ofHours(1))));
    assertThat(ledger.countedAny()).isFalse();
  }

  @Test
  void theFirstHoldSchedulesTheDigestAtTheWindowsEndAndAGraceAndOnlyOnce() throws Exception {
    StormGuard guard = guard(0, Set.of(Severity.LOW));
    Window window = ((StormGuard.Admission.Hold) guard.admit("LOW", Severity.LOW, T)).window();

    guard.hold(window, finding("a"), T);
    guard.hold(window, finding("b"), T);

    assertThat(scheduled).containsExactly(window.end().plus(StormGuard.GRACE));
    assertThat(ledger.heldIds(window)).containsExactly("a", "b");
  }

  @Test
  void aTriggerThatCouldNotBeSentIsForgottenSoThatTheRetrySendsIt() throws Exception {
    StormGuard guard = new StormGuard(new StormSettings(0, Duration.ofMinutes(5), Set.of(Severity.LOW),
        Duration.ofHours(1), Optional.of("t"), Optional.of("q")), ledger, (window, due, timeLeft) -> {
          throw new IllegalStateException("queue down");
        }, clock);
    Window window = ((StormGuard.Admission.Hold) guard.admit("LOW", Severity.LOW, T)).window();

    assertThatThrownBy(() -> guard.hold(window, finding("a"), T)).hasMessage("queue down");

    assertThat(ledger.scheduled(window)).isFalse();
    assertThat(ledger.heldIds(window)).isEmpty();
  }

  @Test
  void theGuardThatIsOffLetsEverythingOutAndKeepsNothing() {
    assertThat(StormGuard.OFF.on()).isFalse();
    assertThat(StormGuard.OFF.stores()).isFalse();
    assertThat(StormGuard.OFF.admit("LOW", Severity.LOW, T)).isEqualTo(new StormGuard.Admission.Single(
        Optional.empty()));
    assertThat(guard(0, Set.of()).admit("LOW", Severity.LOW, T)).as("a threshold of 0: no guard")
        .isEqualTo(new StormGuard.Admission.Single(Optional.empty()));
  }

  @Test
  void withoutATableNothingCanBeHeldOrScheduledAndNoDigestIsDue() {
    Window window = new Window("LOW", Instant.parse("2026-11-29T10:05:00Z"), Duration.ofMinutes(5));

    assertThat(Ledger.NONE.admit(window, 1, window.start(), T)).contains(window.start());
    assertThat(Ledger.NONE.claimDigest(window, "c", T, T)).isEmpty();
    assertThatThrownBy(() -> Ledger.NONE.hold(window, null, T)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DigestScheduler.NONE.schedule(window, window.end(), T))
        .isInstanceOf(IllegalStateException.class);
  }
}
