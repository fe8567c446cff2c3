package dev.guarddutyslack.webhooks;

import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A Slack channel the app posts to with the Web API ({@code chat.postMessage}), by its id. An id, not a name:
 * a channel keeps its id when it is renamed, and a name could silently become another channel.
 *
 * @see <a href="https://api.slack.com/methods/chat.postMessage">chat.postMessage</a>
 */
public final class Channel implements Address {
  /** Slack's channel ids: C (public), G (private), D (direct message), then upper-case letters and digits. */
  private static final Pattern ID = Pattern.compile("[CGD][A-Z0-9]{8,20}");
  /** The Web API, which tests alone point elsewhere ({@code SLACK_API_URL}). */
  public static final HttpUrl SLACK_API = HttpUrl.get("https://slack.com/api/");

  private final String id;
  private final BotToken token;
  private final HttpUrl api;

  private Channel(String id, BotToken token, HttpUrl api) {
    this.id = id;
    this.token = token;
    this.api = api;
  }

  /**
   * @param api the Web API's base URL ({@link #SLACK_API})
   * @throws IllegalArgumentException when the id is not a channel id (the message says how to find one)
   */
  public static Channel of(String id, BotToken token, HttpUrl api) {
    String trimmed = id == null ? "" : id.trim();
    if (!ID.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("is not a Slack channel id (such as C0123456789; in Slack, the channel's"
          + " details show it at the bottom): a name can be renamed into another channel, an id cannot");
    }
    return new Channel(trimmed, Objects.requireNonNull(token), Objects.requireNonNull(api));
  }

  /** The channel's id, which is not a secret. */
  public String id() {
    return id;
  }

  /** The token, for the HTTP client only. */
  public BotToken token() {
    return token;
  }

  /** A Web API method's URL ({@code chat.postMessage}). */
  public HttpUrl method(String name) {
    return api.newBuilder().addPathSegment(name).build();
  }

  @Override
  public String paceKey() {
    return "channel-" + id;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Channel c && c.id.equals(id) && c.token.equals(token) && c.api.equals(api);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, token, api);
  }

  @Override
  public String toString() {
    return "Channel(" + id + ")";
  }
}
