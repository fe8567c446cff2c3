package dev.guarddutyslack.triage;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.time.Ticker;
import java.time.Duration;

/**
 * The signing secret from Secrets Manager (the stack's {@code SlackSigningSecretArn}): read on first use,
 * kept for {@link #TTL} so that a rotated secret is picked up, and kept on when a later read fails.
 */
public final class SecretsSigningSecret implements SigningSecret {
  public static final Duration TTL = Duration.ofMinutes(5);
  static final Duration CALL_TIME = Duration.ofMillis(800);

  private final SecretsManager secrets;
  private final String arn;
  private final Ticker ticker;
  private final Duration callTime;
  private String value;
  private long readAt;

  public SecretsSigningSecret(SecretsManager secrets, String arn, Ticker ticker) {
    this(secrets, arn, ticker, CALL_TIME);
  }

  /** @param callTime the most one read may take (tests on a loaded emulator give it more) */
  SecretsSigningSecret(SecretsManager secrets, String arn, Ticker ticker, Duration callTime) {
    this.secrets = secrets;
    this.arn = arn;
    this.ticker = ticker;
    this.callTime = callTime;
  }

  @Override
  public synchronized String current(Duration timeLeft) {
    if (value != null && ticker.nanoTime() - readAt < TTL.toNanos()) {
      return value;
    }
    try {
      String read = secrets.secretString(arn, timeLeft.compareTo(callTime) < 0 ? timeLeft : callTime).map(String::trim).filter(s -> !s.isEmpty())
          .orElseThrow(() -> new StoreUnavailableException("the signing secret holds no text: store the Slack"
              + " app's signing secret as its value", true, null));
      if (read.startsWith("{")) {
        // Every request would then fail its signature check, which would read as forged clicks.
        throw new StoreUnavailableException("the signing secret holds JSON: store the Slack app's signing secret"
            + " itself as the secret's plain-text value", true, null);
      }
      value = read;
      readAt = ticker.nanoTime();
      return value;
    } catch (AwsException e) {
      if (value != null) {
        return value;
      }
      throw new StoreUnavailableException("the signing secret could not be read (" + e.getMessage() + ")",
          e.code().misconfiguration(), e);
    }
  }

  /** Drops the value read: a SnapStart snapshot holds no secret. */
  public synchronized void forget() {
    value = null;
  }
}
