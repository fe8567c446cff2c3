package dev.guarddutyslack.webhooks;

import java.util.regex.Pattern;

/**
 * The Slack app's bot token ({@code xoxb-…}), with which the Web API is called. It is a credential: held here,
 * handed only to the HTTP client's {@code Authorization} header, and {@link #toString()} never shows it.
 *
 * @see <a href="https://api.slack.com/authentication/token-types#bot">Bot tokens</a>
 */
public final class BotToken {
  /** A bot token's shape: {@code xoxb-} and Slack's characters, at most 255 in all. */
  private static final Pattern SHAPE = Pattern.compile("xoxb-[A-Za-z0-9-]{10,250}");
  private final String value;

  private BotToken(String value) {
    this.value = value;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, never quoting the token
   */
  public static BotToken of(String token) {
    String trimmed = token == null ? "" : token.trim();
    if (!SHAPE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(trimmed.startsWith("xox") && !trimmed.startsWith("xoxb-")
          ? "is not a bot token: it must start with xoxb- (a user or app-level token cannot post as the app)"
          : "is not a Slack bot token (xoxb- followed by letters, digits and hyphens)");
    }
    return new BotToken(trimmed);
  }

  /** The header value, for the HTTP client only. */
  public String authorization() {
    return "Bearer " + value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BotToken t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "BotToken(redacted)";
  }
}
