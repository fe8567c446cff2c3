package dev.guarddutyslack.delivery;

import dev.guarddutyslack.time.Backoff;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.guarddutyslack.webhooks.Address;
import dev.guarddutyslack.webhooks.Channel;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts messages to Slack, to an incoming webhook or to a channel through the Web API ({@code chat.postMessage}
 * with the app's bot token), and applies the delivery rules: a post Slack took is delivered (for a channel, with
 * the message's {@code ts}); 429 (or the Web API's {@code ratelimited}) waits {@code Retry-After} and tries
 * again, or hands the message back at once when the wait outlasts the invocation; 5xx, the Web API's transient
 * errors and connection failures before the request went out are retried with exponential backoff and jitter; a
 * Web API error that only a person can fix (a revoked token, a channel the app is not in) is not retried here
 * but fails the message for a later retry, so that nothing is lost while it is fixed; any other 4xx or error is
 * permanent. A request that went out and got no answer (a read timeout, or a fresh connection closed before the
 * answer) is not sent again here: Slack may have posted it, and only the caller, which remembers earlier
 * copies, may decide on another. Posts to one webhook or channel are paced (one per {@code minInterval},
 * longer after a 429), and nothing waits past the {@link Deadline}.
 *
 * <p>One instance per execution environment: it holds the connection pool and the pacing state.
 *
 * @see <a href="https://api.slack.com/messaging/webhooks#handling_errors">Webhook errors</a>
 * @see <a href="https://api.slack.com/methods/chat.postMessage#errors">chat.postMessage errors</a>
 * @see <a href="https://api.slack.com/apis/rate-limits">Slack rate limits</a>
 */
public final class SlackClient implements Poster {
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
  /**
   * Web API errors that only a person can fix: the token, the app's scopes, the channel. The message fails (and
   * is retried from the queue) until they do; the error code says what to fix ({@code docs/app-mode.md}).
   */
  public static final Set<String> NEEDS_FIXING = Set.of("invalid_auth", "not_authed", "token_revoked",
      "token_expired", "account_inactive", "missing_scope", "no_permission", "channel_not_found", "not_in_channel",
      "is_archived", "team_access_not_granted", "ekm_access_denied", "restricted_action");
  /**
   * What to fix for a Web API error of {@link #NEEDS_FIXING}, in the words of the operator who must; empty for
   * any other error.
   */
  public static java.util.Optional<String> whatToFix(String error) {
    if (error == null || !NEEDS_FIXING.contains(error)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(switch (error) {
      case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive" ->
          "the Slack app's bot token is not valid (revoked, expired or mistyped): put the app's current token in"
              + " BOT_TOKEN";
      case "missing_scope", "no_permission", "restricted_action" ->
          "the Slack app may not post there: give it the chat:write scope and reinstall it in the workspace";
      case "channel_not_found" -> "the channel does not exist or the app cannot see it: check the channel id, and"
          + " invite the app to a private channel";
      case "not_in_channel" -> "the Slack app is not in the channel: invite it (/invite @app), or give it the"
          + " chat:write.public scope";
      case "is_archived" -> "the channel is archived: unarchive it, or name another channel";
      default -> "the workspace does not let the Slack app post there (" + error + ")";
    });
  }

  /** Web API errors worth another attempt now, as a 5xx is. */
  static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable",
      "request_timeout");
  /** The most of a Web API answer read for its fields ({@code chat.postMessage} echoes the message back). */
  static final long MAX_ANSWER = 256 * 1024;
  private static final JsonFactory ANSWERS = new JsonFactory();

  private final OkHttpClient http;
  private final Ticker ticker;
  private final Duration minInterval;
  private final SendSlots slots;
  private final Clock clock;
  private final Map<Address, Pacer> pacers = new ConcurrentHashMap<>();
  /** The Web API's other methods, one pacer each for the whole app (their limits are the app's, not a channel's). */
  private final Map<String, Pacer> methodPacers = new ConcurrentHashMap<>();

  /** @param http the client to post with; its connection pool is shared, its event listener replaced */
  public SlackClient(OkHttpClient http, Ticker ticker, Duration minInterval) {
    this(http, ticker, minInterval, SendSlots.NONE, Clock.systemUTC());
  }

  /**
   * @param slots the seconds shared with other copies of the function, one post each per webhook
   * @param clock the wall clock those seconds are counted on
   */
  public SlackClient(OkHttpClient http, Ticker ticker, Duration minInterval, SendSlots slots, Clock clock) {
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
  public DeliveryOutcome post(Address address, byte[] json, Deadline deadline) throws InterruptedException {
    return send(address, address instanceof Channel channel ? channel.method("chat.postMessage")
        : ((Webhook) address).url(), json, deadline, pacers.computeIfAbsent(address, w -> new Pacer()), true);
  }

  /**
   * A Web API method on a channel's message ({@code chat.update}). Not paced with the channel's posts: Slack's
   * message a second per channel is for posting, and {@code chat.update} has a limit of its own (Tier 3, about 50 a
   * minute) that {@code ratelimited} enforces; a 429 holds that method back, not the channel's posts.
   *
   * @see <a href="https://api.slack.com/methods/chat.update">chat.update</a>
   */
  @Override
  public DeliveryOutcome call(Channel channel, String method, byte[] json, Deadline deadline)
      throws InterruptedException {
    return send(channel, channel.method(method), json, deadline, methodPacers.computeIfAbsent(method,
        m -> new Pacer()), false);
  }

  /**
   * @param pacer when the next request may go, and how long Slack asked to wait
   * @param posting whether this is a message posted (paced, one a second, and sharing seconds across copies)
   */
  private DeliveryOutcome send(Address address, HttpUrl url, byte[] json, Deadline deadline, Pacer pacer,
                               boolean posting) throws InterruptedException {
    int status = 0;
    String error = "not_attempted";
    int failures = 0;
    for (int attempt = 1; ; attempt++) {
      long now = ticker.nanoTime();
      Duration wait = pacer.waitFrom(now);
      boolean queuedBehindOthers = false;
      if (posting && slots != SendSlots.NONE && deadline.allows(wait, MIN_ATTEMPT_TIME)) {
        Instant wallNow = clock.instant();
        Duration most = deadline.remaining().minus(MIN_ATTEMPT_TIME);
        Optional<Instant> slot = slots.reserve(address, wallNow.plus(wait), wallNow.plus(most), deadline.remaining());
        if (slot.isEmpty()) {
          // Every second the deadline allows is another copy's: none is taken, and the post is handed back.
          return DeliveryOutcome.rateLimited(attempt - 1, most.plusSeconds(1));
        }
        Duration untilSlot = Duration.between(wallNow, slot.get());
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
      Call call = http.newCall(request(address, url, json).tag(Exchange.class, exchange).build());
      Duration budget = deadline.remaining().compareTo(CALL_TIMEOUT) < 0 ? deadline.remaining() : CALL_TIMEOUT;
      call.timeout().timeout(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
      try (Response response = call.execute()) {
        status = response.code();
        Answer answer = address instanceof Channel ? webApiAnswer(response, posting) : webhookAnswer(response);
        pacer.hold(ticker.nanoTime(), minInterval);
        if (answer.ok()) {
          return DeliveryOutcome.accepted(status, attempt, answer.ts());
        }
        error = answer.error();
        boolean rateLimited = status == 429 || "ratelimited".equals(error);
        if (!rateLimited && status < 500 && !TRANSIENT.contains(error)) {
          return NEEDS_FIXING.contains(error) && address instanceof Channel
              ? DeliveryOutcome.unavailable(status, error, attempt)
              : DeliveryOutcome.rejected(status, error, attempt);
        }
        if (rateLimited) {
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

  /** The request for one attempt: to the webhook's URL, or to a Web API method with the bot token. */
  private static Request.Builder request(Address address, HttpUrl url, byte[] json) {
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
    return address instanceof Channel channel ? request.header("Authorization", channel.token().authorization())
        : request;
  }

  /** What Slack said: taken (with the message's ts, for a channel), or its error code. */
  record Answer(boolean ok, String error, String ts) {}

  /** A webhook says 2xx, or an error code in plain text. */
  private static Answer webhookAnswer(Response response) throws IOException {
    if (response.isSuccessful()) {
      return new Answer(true, null, null);
    }
    return new Answer(false, slackError(response.peekBody(2048).string(), response.code()), null);
  }

  /**
   * The Web API says {@code {"ok": true, "ts": …}} or {@code {"ok": false, "error": …}}, with HTTP 200 either way
   * (429 and 5xx aside). Read as a stream, top-level fields only: the answer echoes the whole message back. A post
   * must name its message ({@code ts}); an edit need not.
   */
  static Answer webApiAnswer(Response response, boolean posting) throws IOException {
    boolean ok = false;
    String error = null;
    String ts = null;
    try (JsonParser p = ANSWERS.createParser(new java.io.BufferedInputStream(
        new BoundedStream(response.body().byteStream(), MAX_ANSWER)))) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          switch (name) {
            case "ok" -> ok = value == JsonToken.VALUE_TRUE;
            case "error" -> error = value == JsonToken.VALUE_STRING ? p.getText() : null;
            case "ts" -> ts = value == JsonToken.VALUE_STRING ? p.getText() : null;
            default -> p.skipChildren();
          }
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new Answer(false, response.isSuccessful() ? "unreadable_answer" : "http_" + response.code(), null);
    }
    if (ok && response.isSuccessful() && ts != null && TS.matcher(ts).matches()) {
      return new Answer(true, null, ts);
    }
    if (ok && response.isSuccessful() && !posting) {
      // An edit names the message it was given; its answer's ts is not needed.
      return new Answer(true, null, null);
    }
    if (ok && response.isSuccessful()) {
      return new Answer(false, "unreadable_answer", null);
    }
    return new Answer(false, error == null ? "http_" + response.code() : slackError(error, response.code()), null);
  }

  /** A message's {@code ts}: seconds, a dot, microseconds. */
  private static final java.util.regex.Pattern TS = java.util.regex.Pattern.compile("\\d{1,12}\\.\\d{1,8}");

  /** At most {@code limit} bytes of a stream, then its end. */
  private static final class BoundedStream extends java.io.FilterInputStream {
    private long left;

    BoundedStream(java.io.InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
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
