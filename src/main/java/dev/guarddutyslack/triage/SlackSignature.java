package dev.guarddutyslack.triage;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature: {@code v0=} and the hex HMAC-SHA256 of {@code v0:<X-Slack-Request-Timestamp>:<raw
 * body>} with the app's signing secret, compared in constant time; a timestamp more than five minutes from now
 * is refused, so that a captured request cannot be replayed later.
 *
 * @see <a href="https://api.slack.com/authentication/verifying-requests-from-slack">Verifying requests from Slack</a>
 */
public final class SlackSignature {
  /** How far a request's timestamp may be from now. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  /** Why a request was refused, or that it was not. */
  public enum Verdict { VALID, MISSING, STALE, WRONG }

  private SlackSignature() {}

  public static Verdict verify(String signingSecret, String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
      return Verdict.MISSING;
    }
    long seconds = Long.parseLong(timestamp);
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return Verdict.STALE;
    }
    byte[] expected = sign(signingSecret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII)) ? Verdict.VALID
        : Verdict.WRONG;
  }

  /** {@code v0=<hex HMAC-SHA256>} of the request. */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
