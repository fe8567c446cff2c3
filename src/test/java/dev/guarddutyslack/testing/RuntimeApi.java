package dev.guarddutyslack.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A loopback stand-in for the Lambda Runtime API: hands out queued events on
 * {@code GET /2018-06-01/runtime/invocation/next} and records what the runtime client answers on
 * {@code …/response} and {@code …/error}.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Lambda Runtime API</a>
 */
public final class RuntimeApi extends Dispatcher {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /**
   * What the function answered for one invocation.
   *
   * @param receivedNanos when the answer arrived ({@link System#nanoTime()})
   */
  public record Answer(boolean error, String body, long receivedNanos) {}

  private final BlockingQueue<String[]> pending = new LinkedBlockingQueue<>();
  private final Map<String, BlockingQueue<Answer>> answers = new ConcurrentHashMap<>();
  private final BlockingQueue<String> initErrors = new LinkedBlockingQueue<>();
  private final long timeoutMillis;

  public RuntimeApi(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Queues an event; returns its request id. */
  public String invoke(String event) {
    String id = UUID.randomUUID().toString();
    answers.put(id, new LinkedBlockingQueue<>());
    pending.add(new String[] {id, event});
    return id;
  }

  public Answer awaitAnswer(String requestId, long seconds) throws InterruptedException {
    Answer answer = answers.get(requestId).poll(seconds, TimeUnit.SECONDS);
    if (answer == null) {
      throw new AssertionError("no answer for " + requestId + " within " + seconds + " s; init errors: " + initErrors);
    }
    return answer;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    if (request.getMethod().equals("GET") && path.equals(PREFIX + "invocation/next")) {
      String[] next = pending.poll(60, TimeUnit.SECONDS);
      if (next == null || next.length == 0) {
        return new MockResponse.Builder().code(500).body("{\"errorType\":\"NoMoreEvents\"}").build();
      }
      return new MockResponse.Builder().code(200)
          .addHeader("Lambda-Runtime-Aws-Request-Id", next[0])
          .addHeader("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + timeoutMillis))
          .addHeader("Lambda-Runtime-Invoked-Function-Arn",
              "arn:aws:lambda:eu-west-1:111122223333:function:guardduty-slack")
          .addHeader("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
          .addHeader("Content-Type", "application/json")
          .body(next[1]).build();
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (path.startsWith(PREFIX + "invocation/")) {
      String rest = path.substring((PREFIX + "invocation/").length());
      String id = rest.substring(0, rest.indexOf('/'));
      BlockingQueue<Answer> queue = answers.get(id);
      if (queue != null) {
        queue.add(new Answer(rest.endsWith("/error"), body, System.nanoTime()));
      }
      return new MockResponse.Builder().code(202).body("{\"status\":\"OK\"}").build();
    }
    if (path.equals(PREFIX + "init/error")) {
      initErrors.add(body);
      return new MockResponse.Builder().code(202).body("{\"status\":\"OK\"}").build();
    }
    return new MockResponse.Builder().code(404).build();
  }

  /** Releases a runtime client waiting for its next event, so the server can stop. */
  public void shutdown() {
    pending.add(new String[0]);
  }

  /** The first error the runtime client reported from the function's initialisation, within {@code seconds}. */
  public String awaitInitError(long seconds) throws InterruptedException {
    String error = initErrors.poll(seconds, TimeUnit.SECONDS);
    if (error == null) {
      throw new AssertionError("the function started: no init error within " + seconds + " s");
    }
    return error;
  }

  public String initErrors() {
    return String.join("\n", initErrors);
  }
}
