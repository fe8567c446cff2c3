package dev.guarddutyslack.delivery;

import dev.guarddutyslack.time.Backoff;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Webhook;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts messages to Slack incoming webhooks and applies the delivery rules: 2xx is delivered; 429 waits
 * {@code Retry-After} and tries again, or hands the message back at once when the wait outlasts the
 * invocation; 5xx and connection failures before the request went out are retried with exponential backoff
 * and jitter; any other 4xx is permanent. A request that went out and got no answer (a read timeout, or a
 * fresh connection closed before the answer) is not sent again here: Slack may have posted it, and only the
 * caller, which remembers earlier copies, may decide on another. Posts to one webhook are paced (one per
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
  /** Between attempts after a server error or a failed connection: 0.1–0.4 s, growing to 2–8 s. */
  static final Backoff BACKOFF = new Backoff(Duration.ofMillis(400), Duration.ofSeconds(8));
  /** Used when a 429 has no readable Retry-After. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  /** The longest Retry-After believed; a longer one (or garbage) is read as this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final Ticker ticker;
  private final Duration minInterval;
  private final SendSlots slots;
  private final Clock clock;
  private final Map<Webhook, Pacer> pacers = new ConcurrentHashMap<>();

  /** @param http the client to post with; its connection pool is shared, its event listener replaced */
  public WebhookClient(OkHttpClient http, Ticker ticker, Duration minInterval) {
    this(http, ticker, minInterval, SendSlots.NONE, Clock.systemUTC());
  }

  /**
   * @param slots the seconds shared with other copies of the function, one post each per webhook
   * @param clock the wall clock those seconds are counted on
   */
  public WebhookClient(OkHttpClient http, Ticker ticker, Duration minInterval, SendSlots slots, Clock clock) {
    this.http = http.newBuilder().eventListenerFactory(call -> Exchange.LISTENER).build();
    this.ticker = ticker;
    this.minInterval = minInterval;
    this.slots = slots;
    this.clock = clock;
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

  /** Closes pooled connections, for example before a SnapStart snapshot. */
  public void evictConnections() {
    http.connectionPool().evictAll();
  }

  /**
   * Posts one message as the delivery rules say: accepted; rejected (a 4xx other than 429); sent without an
   * answer; rate limited beyond the deadline; or unavailable when server errors, connection failures or the
   * deadline end the attempts.
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  @Override
  public DeliveryOutcome post(Webhook webhook, byte[] json, Deadline deadline) throws InterruptedException {
    Pacer pacer = pacers.computeIfAbsent(webhook, w -> new Pacer());
    int status = 0;
    String error = "not_attempted";
    int failures = 0;
    for (int attempt = 1; ; attempt++) {
      long now = ticker.nanoTime();
      Duration wait = pacer.waitFrom(now);
      boolean queuedBehindOthers = false;
      if (slots != SendSlots.NONE && deadline.allows(wait, MIN_ATTEMPT_TIME)) {
        Instant wallNow = clock.instant();
        Duration untilSlot = Duration.between(wallNow, slots.reserve(webhook, wallNow.plus(wait), deadline.remaining()));
        queuedBehindOthers = untilSlot.compareTo(wait) > 0;
        wait = queuedBehindOthers ? untilSlot : wait;
      }
      if (!deadline.allows(wait, MIN_ATTEMPT_TIME)) {
        if (pacer.rateLimitedAt(now) || queuedBehindOthers) {
          return DeliveryOutcome.rateLimited(attempt - 1, wait);
        }
        return DeliveryOutcome.unavailable(status, attempt == 1 ? "deadline" : error, attempt - 1);
      }
      ticker.sleep(wait);
      Exchange exchange = new Exchange();
      Call call = http.newCall(new Request.Builder().url(webhook.url()).post(RequestBody.create(json, JSON))
          .tag(Exchange.class, exchange).build());
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
          Duration retryAfter = retryAfter(response.header("Retry-After"));
          pacer.rateLimit(ticker.nanoTime(), retryAfter);
          if (!deadline.allows(retryAfter, MIN_ATTEMPT_TIME)) {
            return DeliveryOutcome.rateLimited(attempt, retryAfter);
          }
          continue;
        }
        failures++;
        pacer.hold(ticker.nanoTime(), BACKOFF.delay(failures));
      } catch (IOException e) {
        pacer.hold(ticker.nanoTime(), minInterval);
        if (exchange.sentUnanswered(e)) {
          return DeliveryOutcome.sentUnanswered(e instanceof InterruptedIOException ? "timeout_after_send"
              : "closed_after_send", attempt);
        }
        // The exception's message may name the host; only its kind is kept.
        status = 0;
        error = e.getClass().getSimpleName();
        failures++;
        pacer.hold(ticker.nanoTime(), max(minInterval, BACKOFF.delay(failures)));
      }
      if (failures >= MAX_ATTEMPTS) {
        return DeliveryOutcome.unavailable(status, error, attempt);
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Retry-After in seconds as Slack sends it; unreadable or missing means one second; at most an hour. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds()));
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

  /**
   * What one call got as far as, from OkHttp's events: whether it opened a new connection, whether the whole
   * request went out, and whether any answer began.
   *
   * @see <a href="https://square.github.io/okhttp/features/events/">OkHttp events</a>
   */
  private static final class Exchange {
    static final EventListener LISTENER = new EventListener() {
      @Override
      public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        of(call).freshConnection = true;
      }

      @Override
      public void requestBodyEnd(Call call, long byteCount) {
        of(call).sent = true;
      }

      @Override
      public void responseHeadersStart(Call call) {
        of(call).answered = true;
      }
    };
    private static final Exchange NONE = new Exchange();
    private volatile boolean freshConnection;
    private volatile boolean sent;
    private volatile boolean answered;

    private static Exchange of(Call call) {
      Exchange exchange = call.request().tag(Exchange.class);
      return exchange == null ? NONE : exchange;
    }

    /**
     * Whether Slack may have the message although no answer came: the whole request went out and then the
     * answer timed out, or a new connection closed before it. A pooled connection that closes before
     * answering had been closed by the server before it read anything (the failure OkHttp itself retries),
     * so that one is not ambiguous.
     */
    boolean sentUnanswered(IOException failure) {
      return sent && !answered && (failure instanceof InterruptedIOException || freshConnection);
    }
  }

  /** When the next post to one webhook may start, and until when Slack asked us to stay away. */
  private static final class Pacer {
    private long nextNanos = Long.MIN_VALUE;
    private long rateLimitedUntilNanos = Long.MIN_VALUE;

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

    /** A 429 with this Retry-After: a hold that says why. */
    synchronized void rateLimit(long now, Duration retryAfter) {
      hold(now, retryAfter);
      rateLimitedUntilNanos = Math.max(rateLimitedUntilNanos, now + retryAfter.toNanos());
    }

    synchronized boolean rateLimitedAt(long now) {
      return rateLimitedUntilNanos != Long.MIN_VALUE && rateLimitedUntilNanos > now;
    }
  }
}
