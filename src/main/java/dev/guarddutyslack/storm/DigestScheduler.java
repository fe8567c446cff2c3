package dev.guarddutyslack.storm;

import dev.guarddutyslack.guardduty.Finding;
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

  /**
   * Arranges for the function to be invoked at {@code due} with a single message's turn ({@link SingleTurn}): the
   * finding, to be posted to the window's destination then.
   */
  default void handOn(Window window, Finding finding, Instant due, Duration timeLeft) {
    throw new IllegalStateException("no queue: a single message cannot be handed on");
  }
}
