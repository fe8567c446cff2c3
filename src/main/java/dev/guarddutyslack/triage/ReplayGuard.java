package dev.guarddutyslack.triage;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the clicks acted on, so that the same click delivered again (Slack retries one that was not
 * answered within 3 seconds) is answered without a second GuardDuty call or message update.
 */
public interface ReplayGuard {
  /** How long a click is remembered: Slack retries within minutes, and a signature is valid for five. */
  Duration MEMORY = Duration.ofHours(1);

  /**
   * Whether this is the first time the click is seen; it is remembered from now on.
   *
   * @param timeLeft how long the check may take
   */
  boolean first(String key, java.time.Duration timeLeft);

  /** Forgets a click whose handling failed, so that Slack's retry is acted on. */
  void forget(String key);

  /** One environment's memory: for local use and tests, where there is no table. */
  static ReplayGuard inMemory(Clock clock) {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    return new ReplayGuard() {
      @Override
      public boolean first(String key, Duration timeLeft) {
        long now = clock.millis();
        seen.values().removeIf(until -> until < now);
        return seen.putIfAbsent(key, now + MEMORY.toMillis()) == null;
      }

      @Override
      public void forget(String key) {
        seen.remove(key);
      }
    };
  }
}
