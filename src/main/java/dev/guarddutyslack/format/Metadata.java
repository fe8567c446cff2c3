package dev.guarddutyslack.format;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.slack.MessageMetadata;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of a message the app posts: which finding (or which digest) it is about, for any app that reads the
 * channel, and for this one when it edits the message later.
 */
public final class Metadata {
  /** The event type of a finding's message. */
  public static final String FINDING = "guardduty_finding";
  /** The event type of a digest's message. */
  public static final String DIGEST = "guardduty_digest";

  private Metadata() {}

  /** {@code {id, type, severity, account, region}} of the finding, as far as it has them. */
  public static MessageMetadata of(Finding finding) {
    Map<String, Object> payload = new LinkedHashMap<>();
    put(payload, "id", finding.id());
    put(payload, "type", finding.type());
    if (finding.severity() != null) {
      payload.put("severity", finding.severity());
    }
    put(payload, "account", finding.accountId());
    put(payload, "region", finding.region());
    return new MessageMetadata(FINDING, payload);
  }

  /** The destination and window a digest is for. */
  public static MessageMetadata ofDigest(String destination, Instant windowStart) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("destination", destination);
    payload.put("window_start", windowStart.toString());
    return new MessageMetadata(DIGEST, payload);
  }

  private static void put(Map<String, Object> payload, String key, String value) {
    if (value != null) {
      payload.put(key, value);
    }
  }
}
