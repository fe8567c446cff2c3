package dev.guarddutyslack.time;

import java.time.Duration;

/**
 * The moment by which delivery must give up so that the invocation can still report what it did not
 * deliver: the invocation's remaining time less a safety margin.
 */
public final class Deadline {
  private final Ticker ticker;
  private final long deadlineNanos;

  private Deadline(Ticker ticker, long deadlineNanos) {
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
  }

  /** A deadline {@code remaining - margin} from now. */
  public static Deadline after(Ticker ticker, Duration remaining, Duration margin) {
    return new Deadline(ticker, ticker.nanoTime() + remaining.minus(margin).toNanos());
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - ticker.nanoTime()));
  }

  /** Whether {@code wait} still leaves at least {@code then} before the deadline. */
  public boolean allows(Duration wait, Duration then) {
    return remaining().compareTo(wait.plus(then)) >= 0;
  }
}
