package dev.guarddutyslack.testing;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A loopback Slack whose answers are queued per webhook (the first path segment), for tests where posts to
 * different webhooks go out at the same time.
 */
public final class SlackByPath extends Dispatcher {
  private final Map<String, Queue<MockResponse>> queues = new ConcurrentHashMap<>();

  public void enqueue(String firstSegment, int code, String body) {
    queues.computeIfAbsent(firstSegment, k -> new ConcurrentLinkedQueue<>())
        .add(new MockResponse.Builder().code(code).body(body).build());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<MockResponse> queue = queues.get(request.getUrl().pathSegments().get(0));
    MockResponse next = queue == null ? null : queue.poll();
    return next != null ? next : new MockResponse.Builder().code(500).body("no_answer_queued").build();
  }
}
