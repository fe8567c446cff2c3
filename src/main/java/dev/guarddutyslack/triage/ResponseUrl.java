package dev.guarddutyslack.triage;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Answers a click through its {@code response_url}: the message replaced, or an ephemeral line only the
 * responder sees. Slack takes up to five answers within 30 minutes of the click.
 *
 * <p>The URL comes from the click, which is attacker input even when its signature holds, and in Lambda a
 * loopback address is the Runtime API. So only {@code https://hooks.slack.com/} and
 * {@code https://hooks.slack-gov.com/} are posted to, on their default port; and, for local tests only, URLs
 * under {@code SLACK_RESPONSE_URL_PREFIX}, which the stack never sets. The URL is read by the HTTP client's own
 * parser ({@link HttpUrl}) before anything acts, so that one it could not post to is refused, not found after
 * GuardDuty has acted.
 *
 * @see <a href="https://api.slack.com/interactivity/handling#message_responses">Responding with response_url</a>
 */
public class ResponseUrl {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Set<String> SLACK_HOSTS = Set.of("hooks.slack.com", "hooks.slack-gov.com");

  private final OkHttpClient http;
  private final Optional<String> localPrefix;

  /** @param localPrefix {@code SLACK_RESPONSE_URL_PREFIX}: URLs under it are acceptable too (local tests) */
  public ResponseUrl(OkHttpClient http, Optional<String> localPrefix) {
    this.http = http;
    this.localPrefix = localPrefix;
  }

  /**
   * The same poster, accepting URLs under {@code prefix} instead of Slack's (SnapStart's rehearsal, whose replies
   * go to a loopback responder).
   */
  public ResponseUrl under(String prefix) {
    return new ResponseUrl(http, Optional.of(prefix));
  }

  /** The URL, when it may be posted to: Slack's, or under the local prefix; empty otherwise. */
  public Optional<HttpUrl> usable(String url) {
    if (url == null || url.length() > 2000) {
      return Optional.empty();
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null || !parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      return Optional.empty();
    }
    if (localPrefix.isPresent()) {
      return url.startsWith(localPrefix.get()) ? Optional.of(parsed) : Optional.empty();
    }
    boolean slack = parsed.isHttps() && SLACK_HOSTS.contains(parsed.host()) && parsed.port() == 443
        && url.regionMatches(true, 0, "https://" + parsed.host() + "/", 0, parsed.host().length() + 9);
    return slack ? Optional.of(parsed) : Optional.empty();
  }

  /**
   * Posts {@code body} to a URL {@link #usable} accepted.
   *
   * @return Slack's HTTP status, or 0 when no answer came within {@code timeLeft}
   */
  public int post(HttpUrl url, byte[] body, Duration timeLeft) {
    if (timeLeft.toMillis() < 1) {
      return 0;
    }
    okhttp3.Call call = http.newCall(new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build());
    call.timeout().timeout(timeLeft.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      return response.code();
    } catch (IOException e) {
      return 0;
    }
  }
}
