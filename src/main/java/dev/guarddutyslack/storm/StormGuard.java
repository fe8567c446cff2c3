package dev.guarddutyslack.storm;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a channel readable in a flood. Per destination and window, the first {@code threshold} findings are
 * posted singly; the rest are held back and counted into one digest per window, posted after it closes.
 * CRITICAL findings are never held back; HIGH findings only past twice the threshold. Bands in
 * {@code digestBands} are never posted singly, only in a digest per {@code digestWindow}.
 *
 * <p>Only what would be posted reaches the guard: routing, mutes and deduplication come first.
 */
public final class StormGuard {
  /** After a window closes, how long its trigger waits for the last holds of the window to land. */
  public static final Duration GRACE = Duration.ofSeconds(15);
  /** App mode: how often an open window's digest message is brought up to date, at most. */
  public static final Duration PROGRESS = Duration.ofSeconds(20);
  /** The guard when it is off: everything is posted singly. */
  public static final StormGuard OFF = new StormGuard(StormSettings.OFF, Ledger.NONE, DigestScheduler.NONE,
      Clock.systemUTC());

  private final StormSettings settings;
  private final Ledger ledger;
  private final DigestScheduler scheduler;
  private final Clock clock;
  /**
   * What this copy learnt and need not ask the table again: windows (with their limit) that admit no more
   * single messages, and windows whose trigger was sent.
   */
  private final Set<String> exhausted = ConcurrentHashMap.newKeySet();
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

  public StormGuard(StormSettings settings, Ledger ledger, DigestScheduler scheduler, Clock clock) {
    this.settings = settings;
    this.ledger = ledger;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** Whether it holds anything back: it is wanted, and has a table to keep its windows in. */
  public boolean on() {
    return settings.wanted() && stores();
  }

  /** Whether it has a table (windows, held findings and digests are kept there). */
  public boolean stores() {
    return ledger != Ledger.NONE;
  }

  public StormSettings settings() {
    return settings;
  }

  public Ledger ledger() {
    return ledger;
  }

  /** Whether a message may go out singly now, or is held back for the digest of a window. */
  public sealed interface Admission {
    /** Post it; {@code counted} is the window it was counted in, to take back if the post fails. */
    record Single(Optional<Window> counted) implements Admission {}

    record Hold(Window window) implements Admission {}
  }

  /** Counts a message for {@code destination} against its window, or holds it back. */
  public Admission admit(String destination, Severity band, Duration timeLeft) {
    if (!on()) {
      return new Admission.Single(Optional.empty());
    }
    Instant now = clock.instant();
    if (settings.digestBands().contains(band)) {
      return new Admission.Hold(Window.containing(destination, now, settings.digestWindow()));
    }
    if (settings.threshold() == 0) {
      return new Admission.Single(Optional.empty());
    }
    Window window = Window.containing(destination, now, settings.window());
    long limit = switch (band) {
      case CRITICAL -> Long.MAX_VALUE;
      case HIGH -> 2L * settings.threshold();
      default -> settings.threshold();
    };
    String exhaustedKey = window.key() + "<" + limit;
    if (exhausted.contains(exhaustedKey)) {
      return new Admission.Hold(window);
    }
    if (ledger.admit(window, limit, timeLeft)) {
      return new Admission.Single(Optional.of(window));
    }
    remember(exhausted, exhaustedKey);
    return new Admission.Hold(window);
  }

  /** A single message that did not reach Slack: the window counts one fewer. */
  public void unadmit(Admission.Single single, Duration timeLeft) {
    single.counted().ifPresent(window -> {
      ledger.unadmit(window, timeLeft);
      exhausted.removeIf(key -> key.startsWith(window.key() + "<"));
    });
  }

  /**
   * Holds the finding for its window's digest. The trigger is sent first, so that a finding held is never
   * without a digest to count it; holding it again (a retry) counts it once.
   */
  public void hold(Window window, Finding finding, Duration timeLeft) {
    hold(window, finding, false, timeLeft);
  }

  /**
   * As {@link #hold(Window, Finding, Duration)}; with {@code living} (the destination is a channel of the Slack
   * app), the first trigger comes {@link #PROGRESS} after the first hold, to show the digest so far, and each such
   * trigger sends the next ({@link #nextTrigger}).
   */
  public void hold(Window window, Finding finding, boolean living, Duration timeLeft) {
    if (!scheduled.contains(window.key())) {
      if (ledger.firstToSchedule(window, timeLeft)) {
        try {
          scheduler.schedule(window, living ? nextTrigger(window) : window.end().plus(GRACE), timeLeft);
        } catch (RuntimeException e) {
          ledger.unschedule(window, timeLeft);
          throw e;
        }
      }
      remember(scheduled, window.key());
    }
    ledger.hold(window, HeldFinding.of(finding), timeLeft);
  }

  /** Keeps what this copy learnt, forgetting it all now and then: windows close, and memory is small. */
  private static void remember(Set<String> known, String key) {
    if (known.size() > 10_000) {
      known.clear();
    }
    known.add(key);
  }

  /** Sends the trigger again for a window that has not closed yet (a trigger that came early). */
  public void reschedule(Window window, Duration timeLeft) {
    scheduler.schedule(window, window.end().plus(GRACE), timeLeft);
  }

  /** Sends the trigger again, for the digest so far or for the window's own ({@link #nextTrigger}). */
  public void rescheduleProgress(Window window, Duration timeLeft) {
    scheduler.schedule(window, nextTrigger(window), timeLeft);
  }

  /** App mode: the next look at an open window, {@link #PROGRESS} from now, or the window's own digest if sooner. */
  Instant nextTrigger(Window window) {
    Instant next = clock.instant().plus(PROGRESS);
    Instant due = window.end().plus(GRACE);
    return next.isBefore(due) ? next : due;
  }
}
