package dev.guarddutyslack.time;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * Exponential backoff with jitter, the one retry policy of the project: before retry {@code n} (1, 2, …) wait
 * a random time between a quarter of and the whole bound {@code min(cap, base × 2^(n-1))}. Slack's webhook
 * client and the AWS client both use it, each with its own base and cap.
 *
 * <p>The jitter comes from {@link SecureRandom}, not a seeded generator: SnapStart restores every copy of an
 * environment with the same state, and identical "random" backoffs would retry in lockstep.
 *
 * @see <a href="https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/">Timeouts, retries and backoff with jitter</a>
 */
public final class Backoff {
  private static final SecureRandom JITTER = new SecureRandom();
  private final Duration base;
  private final Duration cap;

  public Backoff(Duration base, Duration cap) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("a backoff needs 0 < base <= cap");
    }
    this.base = base;
    this.cap = cap;
  }

  /** The bound of the wait before retry {@code retry} (1 for the first retry). */
  public Duration bound(int retry) {
    long millis = Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(retry, 1) - 1, 30));
    return Duration.ofMillis(millis);
  }

  /** How long to wait before retry {@code retry}: uniformly random in [bound / 4, bound]. */
  public Duration delay(int retry) {
    long bound = bound(retry).toMillis();
    return Duration.ofMillis(JITTER.nextLong(bound / 4, bound + 1));
  }

  /** Waits before retry {@code retry}, but never past {@code limit}. */
  public void sleep(Ticker ticker, int retry, Duration limit) throws InterruptedException {
    Duration wait = delay(retry);
    ticker.sleep(wait.compareTo(limit) < 0 ? wait : limit);
  }
}
