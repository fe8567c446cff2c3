package dev.guarddutyslack.storm;

import java.time.Duration;
import java.time.Instant;

/** Makes sure a window's digest is posted after the window closes, with no finding or person to prompt it. */
public interface DigestScheduler {
  /** No queue: a digest cannot be arranged, and asking is a mistake (its held findings would be lost). */
  DigestScheduler NONE = (window, due, timeLeft) -> {
    throw new IllegalStateException("no queue: a digest cannot be scheduled");
  };

  /**
   * Arranges for the function to be invoked with the window's digest trigger at {@code due} (or earlier, in
   * which case the trigger asks again).
   */
  void schedule(Window window, Instant due, Duration timeLeft);
}
