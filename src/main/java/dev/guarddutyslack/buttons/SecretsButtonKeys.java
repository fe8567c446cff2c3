package dev.guarddutyslack.buttons;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The button key from the stack's generated secret ({@code TRIAGE_BUTTON_KEY_ARN}): its {@code AWSCURRENT}
 * version signs, {@code AWSCURRENT} and {@code AWSPREVIOUS} verify. Read on first use (after a SnapStart
 * restore), kept for {@link #TTL} so that a rotation is picked up, and kept on when a later read fails. A read
 * on demand ({@code accepted(true)}) happens at most once per {@link #REFRESH_GAP}, so that forged buttons cannot
 * make every click call Secrets Manager; after a failed read, none is tried for that long either, and the failure
 * is told once to {@code warnings} (a message then goes out without its triage buttons).
 *
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version">Secret versions and staging labels</a>
 */
public final class SecretsButtonKeys implements ButtonKeys {
  public static final Duration TTL = Duration.ofMinutes(5);
  static final Duration REFRESH_GAP = Duration.ofSeconds(30);
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";

  private final SecretsManager secrets;
  private final String arn;
  private final Ticker ticker;
  private final java.util.function.Consumer<String> warnings;
  private byte[] current;
  private byte[] previous;
  private long readAt;
  private long failedAt;
  private StoreUnavailableException failure;

  public SecretsButtonKeys(SecretsManager secrets, String arn, Ticker ticker,
                           java.util.function.Consumer<String> warnings) {
    this.secrets = secrets;
    this.arn = arn;
    this.ticker = ticker;
    this.warnings = warnings;
  }

  @Override
  public synchronized byte[] current(Duration timeLeft) {
    if (current == null || ticker.nanoTime() - readAt >= TTL.toNanos()) {
      read(false, timeLeft);
    }
    return current;
  }

  @Override
  public synchronized List<byte[]> accepted(boolean afresh, Duration timeLeft) {
    long age = ticker.nanoTime() - readAt;
    if (current == null || age >= TTL.toNanos() || afresh && age >= REFRESH_GAP.toNanos()) {
      read(true, timeLeft);
    }
    List<byte[]> keys = new ArrayList<>(2);
    keys.add(current);
    if (previous != null) {
      keys.add(previous);
    }
    return keys;
  }

  private void read(boolean withPrevious, Duration timeLeft) {
    long start = ticker.nanoTime();
    if (current == null && failure != null && start - failedAt < REFRESH_GAP.toNanos()) {
      throw failure;
    }
    try {
      byte[] now = key(secrets.secretString(arn, CURRENT, timeLeft)).orElseThrow(() ->
          new StoreUnavailableException("the triage button key " + arn + " holds no text", true, null));
      byte[] before = null;
      if (withPrevious) {
        try {
          Duration left = timeLeft.minusNanos(ticker.nanoTime() - start);
          before = key(secrets.secretString(arn, PREVIOUS, left.isNegative() ? Duration.ZERO : left)).orElse(null);
        } catch (AwsException e) {
          if (e.code() != AwsException.Code.NOT_FOUND) {
            throw e;
          }
          // Never rotated: there is no previous version.
        }
      }
      current = now;
      previous = before;
      readAt = ticker.nanoTime();
      failure = null;
    } catch (AwsException | StoreUnavailableException e) {
      if (current != null) {
        return;
      }
      boolean first = failure == null;
      failure = e instanceof StoreUnavailableException unavailable ? unavailable
          : new StoreUnavailableException("the triage button key " + arn + " could not be read (" + e.getMessage()
              + ")", ((AwsException) e).code().misconfiguration(), e);
      failedAt = start;
      if (first) {
        warnings.accept(failure.getMessage() + "; messages go out without triage buttons until it can be read");
      }
      throw failure;
    }
  }

  private static Optional<byte[]> key(Optional<String> text) {
    return text.map(String::trim).filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void forget() {
    current = null;
    previous = null;
  }
}
