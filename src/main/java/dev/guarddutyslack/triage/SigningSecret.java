package dev.guarddutyslack.triage;

import java.time.Duration;

/** The Slack app's signing secret, which every request's signature is checked against. */
@FunctionalInterface
public interface SigningSecret {
  /**
   * @param timeLeft how long a read may take
   * @throws dev.guarddutyslack.config.StoreUnavailableException when it cannot be read now
   */
  String current(Duration timeLeft);
}
