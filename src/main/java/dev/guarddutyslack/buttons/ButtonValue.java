package dev.guarddutyslack.buttons;

import dev.guarddutyslack.guardduty.FindingRef;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a triage button carries in its {@code value}, and the one place that writes and reads it:
 * {@code account:region:detectorId:findingId:band:mac:type}, where {@code mac} is HMAC-SHA256 over every other
 * part, truncated to 128 bits, with a key only the notifier and the triage function hold ({@link ButtonKeys}).
 *
 * <p>Whatever comes back from Slack is attacker input, even in a request whose signature holds: anyone who holds
 * one of the app's incoming webhooks can post a message whose button names another finding. The MAC binds a
 * button to the finding the notifier rendered, so a click acts only on that one.
 */
public final class ButtonValue {
  /** Slack's limit for a button's value. */
  static final int MAX_LENGTH = 2000;
  /** 128 bits of HMAC-SHA256, in hex. */
  static final int MAC_BYTES = 16;
  private static final String DOMAIN = "guardduty-slack button v1\n";

  /** What a value turned out to be. */
  public sealed interface Reading {
    /** Not a finding's value at all (wrong parts or shapes). */
    record NotAFinding() implements Reading {}

    /** Shaped like a finding's value, but no key we hold made its MAC (or it has none). */
    record Forged(FindingRef claimed) implements Reading {}

    /** Made by this integration for this finding. */
    record Genuine(FindingRef ref) implements Reading {}
  }

  private ButtonValue() {}

  /** The value of a button for {@code ref}, made with {@code key}. */
  public static String write(FindingRef ref, byte[] key) {
    return parts(ref, mac(DOMAIN, parts(ref, null), key) + ":");
  }

  /**
   * Reads a value against the keys accepted now (the current one, and the previous one after a rotation).
   */
  public static Reading read(String value, List<byte[]> keys) {
    if (value == null || value.length() > MAX_LENGTH) {
      return new Reading.NotAFinding();
    }
    String[] parts = value.split(":", 7);
    if (parts.length < 5) {
      return new Reading.NotAFinding();
    }
    String type = parts.length == 7 ? parts[6] : "";
    Optional<FindingRef> ref = FindingRef.of(parts[0], parts[1], parts[2], parts[3], parts[4], type);
    if (ref.isEmpty()) {
      return new Reading.NotAFinding();
    }
    if (parts.length != 7) {
      // A value of an earlier release, or one made by hand: it carries no MAC.
      return new Reading.Forged(ref.get());
    }
    byte[] given = parts[5].getBytes(StandardCharsets.US_ASCII);
    String signed = parts(ref.get(), null);
    for (byte[] key : keys) {
      if (MessageDigest.isEqual(mac(DOMAIN, signed, key).getBytes(StandardCharsets.US_ASCII), given)) {
        return new Reading.Genuine(ref.get());
      }
    }
    return new Reading.Forged(ref.get());
  }

  /**
   * The finding a value names, its MAC not checked: for a value this project stored itself (a remembered
   * message's button), never for one that came back from Slack ({@link #read}).
   */
  public static Optional<FindingRef> named(String value) {
    Reading reading = read(value, List.of());
    return reading instanceof Reading.Forged claimed ? Optional.of(claimed.claimed()) : Optional.empty();
  }

  /**
   * The value's parts in order, type last (it may hold colons); {@code mac} (with its colon) before the type, or
   * null for what the MAC covers: every part but the MAC itself.
   */
  private static String parts(FindingRef ref, String mac) {
    return ref.account() + ":" + ref.region() + ":" + ref.detectorId() + ":" + ref.findingId() + ":"
        + ref.band().name() + ":" + (mac == null ? "" : mac) + ref.type();
  }

  /** {@link #MAC_BYTES} of HMAC-SHA256 over {@code domain} (what the MAC is for) and then {@code signed}, in hex. */
  static String mac(String domain, String signed, byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(domain.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)), 0, MAC_BYTES);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
