package dev.guarddutyslack.delivery;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts messages to Slack incoming webhooks and applies the delivery rules: 2xx is delivered; 429 waits
 * {@code Retry-After} and tries again; 5xx, timeouts and connection errors are retried with exponential
 * backoff and jitter; any other 4xx is permanent. Posts to one webhook are paced (one per
 * {@code minInterval}, longer after a 429), and nothing waits past the {@link Deadline}.
 *
 * <p>One instance per execution environment: it holds the connection pool and the pacing state.
 *
 * @see <a href="https://api.slack.com/messaging/webhooks#handling_errors">Webhook errors</a>
 * @see <a href="https://api.slack.com/apis/rate-limits">Slack rate limits</a>
 */
public final class WebhookClient implements Poster {
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(8);
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  /** Slack allows about one message per second per webhook. */
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
  /** An attempt is only started with at least this much time left for it. */
  static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(750);
  /** Server errors and connection failures tolerated for one message; 429s count only against the deadline. */
  static final int MAX_ATTEMPTS = 5;
  static final Duration BACKOFF_BASE = Duration.ofMillis(400);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(8);
  /** Used when a 429 has no readable Retry-After. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /**
   * Jitter source. Not a seeded generator: SnapStart restores every copy of an environment with the same
   * state, and identical "random" backoffs would retry in lockstep.
   */
  private static final SecureRandom JITTER = new SecureRandom();

  private final OkHttpClient http;
  private final Ticker ticker;
  private final Duration minInterval;
  private final Map<Webhook, Pacer> pacers = new ConcurrentHashMap<>();

  public WebhookClient(OkHttpClient http, Ticker ticker, Duration minInterval) {
    this.http = http;
    this.ticker = ticker;
    this.minInterval = minInterval;
  }

  /** The production client: the timeouts above, no retries of its own (this class decides those). */
  public static OkHttpClient newHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(CONNECT_TIMEOUT)
        .readTimeout(READ_TIMEOUT)
        .writeTimeout(READ_TIMEOUT)
        .callTimeout(CALL_TIMEOUT)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }

  /**
   * Builds (never sends) a request with this message, so that a SnapStart snapshot holds OkHttp's request
   * classes loaded and initialised.
   */
  public void prime(byte[] json) {
    new Request.Builder().url("https://hooks.slack.com/services/priming").post(RequestBody.create(json, JSON)).build();
  }

  /** Closes pooled connections, for example before a SnapStart snapshot. */
  public void evictConnections() {
    http.connectionPool().evictAll();
  }

  /**
   * Posts one message, retrying as the delivery rules say: accepted, rejected (a 4xx other than 429), or
   * unavailable when 429s, server errors, timeouts or dropped connections outlast the attempts or the
   * deadline.
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  @Override
  public DeliveryOutcome post(Webhook webhook, byte[] json, Deadline deadline) throws InterruptedException {
    Pacer pacer = pacers.computeIfAbsent(webhook, w -> new Pacer(HttpUrl.get(w.uri().toString())));
    int status = 0;
    String error = "not_attempted";
    int failures = 0;
    for (int attempt = 1; ; attempt++) {
      Duration wait = pacer.waitFrom(ticker.nanoTime());
      if (!deadline.allows(wait, MIN_ATTEMPT_TIME)) {
        return DeliveryOutcome.unavailable(status, attempt == 1 ? "deadline" : error, attempt - 1);
      }
      ticker.sleep(wait);
      Call call = http.newCall(new Request.Builder().url(pacer.url).post(RequestBody.create(json, JSON)).build());
      Duration budget = deadline.remaining().compareTo(CALL_TIMEOUT) < 0 ? deadline.remaining() : CALL_TIMEOUT;
      call.timeout().timeout(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
      try (Response response = call.execute()) {
        status = response.code();
        String body = response.peekBody(2048).string();
        pacer.hold(ticker.nanoTime(), minInterval);
        if (response.isSuccessful()) {
          return DeliveryOutcome.accepted(status, attempt);
        }
        error = slackError(body, status);
        if (status != 429 && status < 500) {
          return DeliveryOutcome.rejected(status, error, attempt);
        }
        if (status == 429) {
          // Rate limited: Slack says when to come back; only the deadline bounds how often.
          pacer.hold(ticker.nanoTime(), retryAfter(response.header("Retry-After")));
          continue;
        }
        failures++;
        pacer.hold(ticker.nanoTime(), backoff(failures));
      } catch (IOException e) {
        // The exception's message may name the host; only its kind is kept.
        status = 0;
        error = e.getClass().getSimpleName();
        failures++;
        pacer.hold(ticker.nanoTime(), max(minInterval, backoff(failures)));
      }
      if (failures >= MAX_ATTEMPTS) {
        return DeliveryOutcome.unavailable(status, error, attempt);
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Jittered exponential backoff: uniformly random between a quarter of the bound and the bound. */
  static Duration backoff(int attempt) {
    long bound = Math.min(BACKOFF_CAP.toMillis(), BACKOFF_BASE.toMillis() << Math.min(attempt - 1, 16));
    return Duration.ofMillis(JITTER.nextLong(bound / 4, bound + 1));
  }

  /** Retry-After in seconds as Slack sends it; unreadable or missing means one second. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.min(seconds, 3600));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }

  /** Slack's error code from the body ({@code invalid_blocks}…), reduced to a safe token. */
  static String slackError(String body, int status) {
    String line = body == null ? "" : body.strip().lines().findFirst().orElse("");
    String token = line.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    if (token.isEmpty()) {
      return "http_" + status;
    }
    return token.length() > 64 ? token.substring(0, 64).toLowerCase(Locale.ROOT) : token.toLowerCase(Locale.ROOT);
  }

  /** One webhook's URL for OkHttp, and when the next post to it may start. */
  private static final class Pacer {
    final HttpUrl url;
    private long nextNanos = Long.MIN_VALUE;

    Pacer(HttpUrl url) {
      this.url = url;
    }

    synchronized Duration waitFrom(long now) {
      return nextNanos == Long.MIN_VALUE || nextNanos <= now ? Duration.ZERO : Duration.ofNanos(nextNanos - now);
    }

    /** No post before {@code now + gap} (an earlier, longer hold stays). */
    synchronized void hold(long now, Duration gap) {
      long next = now + gap.toNanos();
      if (nextNanos == Long.MIN_VALUE || next > nextNanos) {
        nextNanos = next;
      }
    }
  }
}
