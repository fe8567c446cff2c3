package dev.guarddutyslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' one Slack: a loopback server for incoming webhooks and {@code response_url}s that records every
 * request and answers {@code 200 ok} unless told otherwise: another answer for every request, a queue of answers
 * per webhook (the path's first segment; then a webhook with nothing queued gets {@code 500 no_answer_queued}),
 * or a function of the request.
 *
 * <p>A test registers it as a field and it starts before and stops after each test (or the class, for a static
 * field, or a field of a {@code PER_CLASS} test):
 * <pre>@RegisterExtension final RecordingSlack slack = new RecordingSlack();</pre>
 *
 * <p>A function under test posts before it answers, so once its answer is in, everything it posted is recorded:
 * {@link #count()} after an invocation is an observable signal, never a guess after a sleep. {@link #next} waits for
 * a post that comes later (a digest after its window).
 */
public final class RecordingSlack extends Dispatcher
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final MockResponse.Builder OK = new MockResponse.Builder().code(200).body("ok");

  private final MockWebServer server = MockServers.create();
  private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
  private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
  private final Map<String, Queue<MockResponse>> queued = new ConcurrentHashMap<>();
  private volatile Function<RecordedRequest, MockResponse> answer = request -> OK.build();
  private boolean startedForClass;

  public RecordingSlack() {
    server.setDispatcher(this);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    startedForClass = true;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!startedForClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!startedForClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void stop() {
    server.close();
  }

  /** The URL of {@code path} on this Slack ({@code /services/T0/B0/x}, a webhook; {@code /actions/…}). */
  public String url(String path) {
    return server.url(path).toString();
  }

  public int port() {
    return server.getPort();
  }

  /** Every request from now on gets this answer. */
  public RecordingSlack answer(MockResponse.Builder response) {
    answer = request -> response.build();
    return this;
  }

  public RecordingSlack answer(int code, String body) {
    return answer(new MockResponse.Builder().code(code).body(body));
  }

  /** Every request from now on is answered by {@code answering} (a rate limit of its own, say). */
  public RecordingSlack answerBy(Function<RecordedRequest, MockResponse> answering) {
    answer = answering;
    return this;
  }

  /**
   * One answer for the next post to a webhook (its path's first segment), in order; a webhook with answers
   * queued, or any once something is queued, gets {@code 500 no_answer_queued} when its queue is empty.
   */
  public RecordingSlack enqueue(String firstSegment, int code, String body) {
    return enqueue(firstSegment, new MockResponse.Builder().code(code).body(body));
  }

  /** As {@link #enqueue(String, int, String)}, with any answer (one that comes late, say). */
  public RecordingSlack enqueue(String firstSegment, MockResponse.Builder response) {
    queued.computeIfAbsent(firstSegment, k -> new ConcurrentLinkedQueue<>()).add(response.build());
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    recorded.add(request);
    unread.add(request);
    if (!queued.isEmpty()) {
      Queue<MockResponse> queue = queued.get(request.getUrl().pathSegments().get(0));
      MockResponse next = queue == null ? null : queue.poll();
      return next != null ? next : new MockResponse.Builder().code(500).body("no_answer_queued").build();
    }
    return answer.apply(request);
  }

  /** Every request so far, in the order they arrived. */
  public List<RecordedRequest> posts() {
    return List.copyOf(recorded);
  }

  /** How many requests came. */
  public int count() {
    return recorded.size();
  }

  /** Each request's body read as JSON (a message, a replacement), in order. */
  public List<JsonNode> messages() {
    List<JsonNode> messages = new ArrayList<>();
    for (RecordedRequest request : recorded) {
      messages.add(json(request));
    }
    return messages;
  }

  /**
   * The next request not yet taken, waiting for it up to {@code within}.
   *
   * @throws AssertionError when none comes
   */
  public RecordedRequest next(Duration within) throws InterruptedException {
    RecordedRequest request = unread.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) {
      throw new AssertionError("no request reached Slack within " + within);
    }
    return request;
  }

  /** Forgets what came: the next test (or step) counts afresh. */
  public void clear() {
    recorded.clear();
    unread.clear();
  }

  /** A request's body as JSON. */
  public static JsonNode json(RecordedRequest request) {
    try {
      return TestApp.MAPPER.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
