package dev.guarddutyslack.delivery;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A Slack incoming webhook. Its URL is a credential: it is held here and handed only to the HTTP client,
 * and {@link #toString()} never shows it.
 *
 * @see <a href="https://api.slack.com/messaging/webhooks">Incoming webhooks</a>
 */
public final class Webhook {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
  private final URI uri;

  private Webhook(URI uri) {
    this.uri = uri;
  }

  /**
   * Validates a webhook URL: {@code https://}, or plain {@code http://} on a loopback host (local testing).
   *
   * @throws IllegalArgumentException saying what is wrong, never quoting the URL
   */
  public static Webhook of(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("is not a valid URL");
    }
    if (!scheme.equals("https") && !LOOPBACK.contains(host)) {
      throw new IllegalArgumentException("must be an https:// URL (plain http is allowed only for 127.0.0.1 or localhost)");
    }
    return new Webhook(uri);
  }

  /** The URL, for the HTTP client only. */
  public URI uri() {
    return uri;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Webhook w && w.uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri);
  }

  @Override
  public String toString() {
    return "Webhook(redacted)";
  }
}
