package dev.guarddutyslack.triage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Answers a click through its {@code response_url}: the message replaced, or an ephemeral line only the
 * responder sees. Slack takes up to five answers within 30 minutes of the click. Only Slack's own hosts are
 * posted to (and loopback, where nothing listens in Lambda, for local use), although the URL comes from a
 * request whose signature was checked.
 *
 * @see <a href="https://api.slack.com/interactivity/handling#message_responses">Responding with response_url</a>
 */
public class ResponseUrl {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Set<String> SLACK_HOSTS = Set.of("hooks.slack.com", "hooks.slack-gov.com");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost");

  private final OkHttpClient http;

  public ResponseUrl(OkHttpClient http) {
    this.http = http;
  }

  /** Whether a {@code response_url} may be posted to. */
  public static boolean acceptable(String url) {
    try {
      URI uri = new URI(url);
      String host = uri.getHost();
      if (host == null || uri.getUserInfo() != null) {
        return false;
      }
      return "https".equals(uri.getScheme()) && SLACK_HOSTS.contains(host) && uri.getPort() == -1
          || "http".equals(uri.getScheme()) && LOOPBACK.contains(host);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /**
   * Posts {@code body}; the caller has checked the URL with {@link #acceptable}.
   *
   * @return Slack's HTTP status, or 0 when no answer came within {@code timeLeft}
   */
  public int post(String url, byte[] body, Duration timeLeft) {
    okhttp3.Call call = http.newCall(new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build());
    call.timeout().timeout(Math.max(1, timeLeft.toMillis()), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      return response.code();
    } catch (IOException e) {
      return 0;
    }
  }
}
