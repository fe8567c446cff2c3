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
 * CRITICAL findings are never held back; HIGH findings only past twice the threshold. A single message whose
 * turn at Slack's pace is far off is posted at its turn by a message the function sends itself. Bands in
 * {@code digestBands} are never posted singly, only in a digest per {@code digestWindow}.
 *
 * <p>Only what would be posted reaches the guard: routing, mutes and deduplication come first.
 */
public final class StormGuard {
  /** After a window closes, how long its trigger waits for the last holds of the window to land. */
  public static final Duration GRACE = Duration.ofSeconds(15);
  /**
   * How long a single message waits here for its turn at Slack's pace, at most. Later turns are handed on to the
   * function's own queue ({@link #handOn}), so that the first findings of a busy window do not hold up every copy
   * of the function (HIGH's 40 take 40 s at one a second) while the findings behind them wait in the queue.
   */
  public static final Duration PATIENCE = Duration.ofSeconds(2);
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
    /**
     * Post it; {@code counted} is the window it was counted in, to take back if the post fails, and {@code turn}
     * when its turn comes at Slack's pace of one message a second, from the window's first single message.
     */
    record Single(Optional<Window> counted, Optional<Instant> turn) implements Admission {
      /** A single message whose turn is not known (the guard is off, or it was counted before). */
      public Single(Optional<Window> counted) {
        this(counted, Optional.empty());
      }
    }

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
    Optional<Instant> turn = ledger.admit(window, limit, now, timeLeft);
    if (turn.isPresent()) {
      return new Admission.Single(Optional.of(window), turn);
    }
    remember(exhausted, exhaustedKey);
    return new Admission.Hold(window);
  }

  /**
   * When a single message should be posted, if not now: the guard counted it (it is not CRITICAL, which is never
   * kept waiting), and its turn at Slack's pace is more than {@link #PATIENCE} away. Empty: post it now.
   */
  public Optional<Instant> laterTurn(Admission.Single single, Severity band) {
    Instant soon = clock.instant().plus(PATIENCE);
    return single.counted().isPresent() && band != Severity.CRITICAL
        ? single.turn().filter(turn -> turn.isAfter(soon)) : Optional.empty();
  }

  /**
   * Hands the single message on to the function's own queue, to be posted at its turn ({@link SingleTurn}); it
   * stays counted in its window.
   */
  public void handOn(Admission.Single single, Finding finding, Instant turn, Duration timeLeft) {
    scheduler.handOn(single.counted().orElseThrow(), finding, turn, timeLeft);
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
