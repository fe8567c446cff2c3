package dev.guarddutyslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A strict double of Slack's Web API ({@code chat.postMessage}, thread replies, {@code chat.update}), on loopback, as strict as Slack where the project
 * depends on it and stricter where a mistake would be silent:
 * <ul>
 *   <li>the token: {@code Authorization: Bearer} with the app's token, else {@code not_authed} or
 *       {@code invalid_auth}; a token revoked by the test gets {@code token_revoked};
 *   <li>the channel: one it knows, else {@code channel_not_found}; one the app was not invited to,
 *       {@code not_in_channel}; an archived one, {@code is_archived};
 *   <li>the message: JSON, {@code application/json}, and every check of {@link SlackPayloadAssertions} on its Block
 *       Kit (a message that fails one gets {@code invalid_blocks}, and the failure is kept for the test to show);
 *       its {@code metadata}, an {@code event_type} of lower-case letters, digits and _ and a flat
 *       {@code event_payload}, else {@code invalid_metadata_format};
 *   <li>the pace: one message per channel per {@link #perChannel} (Slack's is about one a second); one sooner gets
 *       429 {@code ratelimited} with {@code Retry-After};
 *   <li>each message it takes gets a {@code ts} of its own, increasing, which it answers with the channel;
 *   <li>a reply ({@code thread_ts}) names a message of the channel, else {@code thread_not_found}; an edit
 *       ({@code chat.update}) names one by its {@code ts}, else {@code message_not_found}, and replaces it.
 * </ul>
 * Every request is recorded, with what was answered.
 *
 * @see <a href="https://api.slack.com/methods/chat.postMessage">chat.postMessage</a>
 * @see <a href="https://api.slack.com/apis/rate-limits">Rate limits</a>
 */
public final class SlackWebApi extends Dispatcher implements BeforeEachCallback, AfterEachCallback {
  public static final String TOKEN = "xoxb-1111111111-2222222222-testtokenvalue";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MockWebServer server = MockServers.create();
  private final Set<String> channels = ConcurrentHashMap.newKeySet();
  private final Set<String> outside = ConcurrentHashMap.newKeySet();
  private final Set<String> archived = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> lastPostNanos = new ConcurrentHashMap<>();
  private final AtomicLong nextTs = new AtomicLong(1_765_000_000_000_100L);
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile boolean revoked;
  private volatile Duration perChannel = Duration.ofSeconds(1);

  /** One request and what the double answered. */
  public record Call(String method, String channel, JsonNode body, int status, String error, String ts) {
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * A message the double took: its channel, ts and body (as last edited); for a reply, the message it replies to and
   * whether it was shown in the channel too.
   */
  public record Message(String channel, String ts, JsonNode body, String threadTs, boolean broadcast) {}

  private final List<Message> posted = new CopyOnWriteArrayList<>();
  private final Map<String, JsonNode> current = new ConcurrentHashMap<>();
  private final List<JsonNode> responses = new CopyOnWriteArrayList<>();

  public SlackWebApi(String... channelIds) {
    channels.addAll(List.of(channelIds));
  }

  /** The base URL, as {@code SLACK_API_URL} takes it. */
  public String url() {
    return server.url("/api/").toString();
  }

  /** A channel the app was not invited to. */
  public SlackWebApi outside(String channel) {
    channels.add(channel);
    outside.add(channel);
    return this;
  }

  public SlackWebApi archive(String channel) {
    archived.add(channel);
    return this;
  }

  public SlackWebApi revokeToken() {
    revoked = true;
    return this;
  }

  /** The app's token is good again (an operator put the new one in place). */
  public SlackWebApi restoreToken() {
    revoked = false;
    return this;
  }

  /** The pace: one message per channel per {@code gap}. */
  public SlackWebApi pace(Duration gap) {
    perChannel = gap;
    return this;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The messages posted to channels (not replies), in order, each as last edited. */
  public List<Message> messages() {
    List<Message> out = new ArrayList<>();
    for (Message m : posted) {
      if (m.threadTs() == null) {
        out.add(new Message(m.channel(), m.ts(), current.get(m.channel() + "/" + m.ts()), null, false));
      }
    }
    return out;
  }

  /** The replies in the thread of message {@code ts}, in order. */
  public List<Message> replies(String ts) {
    return posted.stream().filter(m -> ts.equals(m.threadTs())).toList();
  }

  /** The edits made ({@code chat.update} calls Slack took). */
  public List<Call> edits() {
    return calls.stream().filter(c -> c.method().equals("chat.update") && c.ok()).toList();
  }

  /** A message deleted from the channel (by a person): an edit of it gets {@code message_not_found}. */
  public SlackWebApi delete(String channel, String ts) {
    current.remove(channel + "/" + ts);
    return this;
  }

  /** A click's {@code response_url} on this double, which {@link #responses()} records. */
  public String responseUrl(String team, int n) {
    return server.url("/actions/" + team + "/" + n + "/x").toString();
  }

  /** The prefix of {@link #responseUrl}, as the triage function's {@code SLACK_RESPONSE_URL_PREFIX} takes it. */
  public String responseUrlPrefix() {
    return server.url("/actions/").toString();
  }

  /** What was posted to the clicks' {@code response_url}s, in order. */
  public List<JsonNode> responses() {
    return List.copyOf(responses);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (request.getUrl().encodedPath().startsWith("/actions/")) {
      try {
        responses.add(MAPPER.readTree(request.getBody() == null ? "null" : request.getBody().utf8()));
      } catch (IOException e) {
        responses.add(MAPPER.nullNode());
      }
      return new MockResponse.Builder().code(200).body("ok").build();
    }
    String method = request.getUrl().encodedPath().replaceFirst("^/api/", "");
    JsonNode body;
    try {
      body = request.getBody() == null ? null : MAPPER.readTree(request.getBody().utf8());
    } catch (IOException e) {
      body = null;
    }
    String channel = body != null && body.path("channel").isTextual() ? body.path("channel").asText() : null;
    String auth = request.getHeaders().get("Authorization");
    if (!method.equals("chat.postMessage") && !method.equals("chat.update")) {
      return answer(method, channel, body, 404, "unknown_method", null);
    }
    if (auth == null) {
      return answer(method, channel, body, 200, "not_authed", null);
    }
    if (!auth.equals("Bearer " + TOKEN)) {
      return answer(method, channel, body, 200, "invalid_auth", null);
    }
    if (revoked) {
      return answer(method, channel, body, 200, "token_revoked", null);
    }
    String type = request.getHeaders().get("Content-Type");
    if (body == null || !body.isObject() || type == null || !type.startsWith("application/json")) {
      return answer(method, channel, body, 200, "invalid_json", null);
    }
    if (channel == null || !channels.contains(channel)) {
      return answer(method, channel, body, 200, "channel_not_found", null);
    }
    if (outside.contains(channel)) {
      return answer(method, channel, body, 200, "not_in_channel", null);
    }
    if (archived.contains(channel)) {
      return answer(method, channel, body, 200, "is_archived", null);
    }
    try {
      ObjectNode message = body.deepCopy();
      message.remove(List.of("channel", "metadata", "ts", "thread_ts", "reply_broadcast"));
      SlackPayloadAssertions.assertValidAndSafe(message, mentions(message));
    } catch (AssertionError e) {
      return answer(method, channel, body, 200, "invalid_blocks", null);
    }
    if (body.has("metadata") && !validMetadata(body.get("metadata"))) {
      return answer(method, channel, body, 200, "invalid_metadata_format", null);
    }
    if (method.equals("chat.update")) {
      String ts = body.path("ts").asText("");
      if (!current.containsKey(channel + "/" + ts)) {
        return answer(method, channel, body, 200, "message_not_found", null);
      }
      current.put(channel + "/" + ts, body);
      return answer(method, channel, body, 200, null, ts);
    }
    String threadTs = body.path("thread_ts").isTextual() ? body.path("thread_ts").asText() : null;
    if (threadTs != null && !current.containsKey(channel + "/" + threadTs)) {
      return answer(method, channel, body, 200, "thread_not_found", null);
    }
    long now = System.nanoTime();
    synchronized (lastPostNanos) {
      Long last = lastPostNanos.get(channel);
      if (last != null && now - last < perChannel.toNanos()) {
        long waitSeconds = Math.max(1, Duration.ofNanos(perChannel.toNanos() - (now - last)).toSeconds());
        calls.add(new Call(method, channel, body, 429, "ratelimited", null));
        return new MockResponse.Builder().code(429).setHeader("Retry-After", Long.toString(waitSeconds))
            .body("{\"ok\":false,\"error\":\"ratelimited\"}").build();
      }
      lastPostNanos.put(channel, now);
    }
    long n = nextTs.getAndIncrement();
    String ts = (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
    posted.add(new Message(channel, ts, body, threadTs, body.path("reply_broadcast").asBoolean(false)));
    if (threadTs == null) {
      current.put(channel + "/" + ts, body);
    }
    return answer(method, channel, body, 200, null, ts);
  }

  /** The mentions a routing rule put at the start of the notification line ({@code <!here> }), as Slack writes them. */
  private static String mentions(JsonNode message) {
    String text = message.path("text").asText();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^((<[!@][^>]*> )*)").matcher(text);
    return m.find() ? m.group(1) : "";
  }

  private static boolean validMetadata(JsonNode metadata) {
    if (!metadata.path("event_type").asText("").matches("[a-z0-9_]{1,64}") || !metadata.path("event_payload").isObject()) {
      return false;
    }
    for (JsonNode value : metadata.path("event_payload")) {
      if (!value.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  private MockResponse answer(String method, String channel, JsonNode body, int status, String error, String ts) {
    calls.add(new Call(method, channel, body, status, error, ts));
    ObjectNode answer = MAPPER.createObjectNode();
    answer.put("ok", error == null);
    if (error != null) {
      answer.put("error", error);
    } else {
      answer.put("channel", channel).put("ts", ts).set("message", body.deepCopy());
    }
    try {
      return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json; charset=utf-8")
          .body(MAPPER.writeValueAsString(answer)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Starts the double outside a test (the benchmark). */
  public void start() throws IOException {
    server.setDispatcher(this);
    server.start();
  }

  public void close() {
    server.close();
  }
}
