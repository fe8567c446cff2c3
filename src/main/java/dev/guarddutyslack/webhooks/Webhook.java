package dev.guarddutyslack.webhooks;

import java.net.URI;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * A Slack incoming webhook. Its URL is a credential: it is held here and handed only to the HTTP client,
 * and {@link #toString()} never shows it.
 *
 * <p>The URL is validated by the parser the HTTP client itself uses ({@link HttpUrl#parse}), so that what
 * passes here is exactly what can be posted to: a port of 0 or above 65535, or an IPv6 zone id, is refused at
 * start, not found by the first post.
 *
 * @see <a href="https://api.slack.com/messaging/webhooks">Incoming webhooks</a>
 */
public final class Webhook implements Address {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");
  private final HttpUrl url;

  private Webhook(HttpUrl url) {
    this.url = url;
  }

  /**
   * Validates a webhook URL: {@code https://}, or plain {@code http://} on a loopback host (local testing).
   *
   * @throws IllegalArgumentException saying what is wrong, never quoting the URL
   */
  public static Webhook of(String url) {
    String trimmed = url.trim();
    HttpUrl parsed = trimmed.regionMatches(true, 0, "https://", 0, 8) || trimmed.regionMatches(true, 0, "http://", 0, 7)
        ? HttpUrl.parse(trimmed) : null;
    if (parsed == null) {
      throw new IllegalArgumentException("is not a valid http(s) URL");
    }
    if (!parsed.isHttps() && !LOOPBACK.contains(parsed.host())) {
      throw new IllegalArgumentException("must be an https:// URL (plain http is allowed only for 127.0.0.1 or localhost)");
    }
    return new Webhook(parsed);
  }

  /** The URL, for the HTTP client only. */
  public HttpUrl url() {
    return url;
  }

  /** The same URL as a {@link URI}, for the HTTP client only. */
  public URI uri() {
    return url.uri();
  }

  /** The first 16 hex digits of the URL's SHA-256: the same webhook in every copy, and not its secret. */
  @Override
  public String paceKey() {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(url.toString()
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Webhook w && w.url.equals(url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url);
  }

  @Override
  public String toString() {
    return "Webhook(redacted)";
  }
}
