package dev.guarddutyslack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.guardduty.Json;
import dev.guarddutyslack.slack.FindingFormatter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;

/** A handler wired as in production, but with the test's environment, time, gate and log capture. */
public final class TestApp implements AutoCloseable {
  public static final ObjectMapper MAPPER = Json.newMapper();

  public final List<String> logs = new CopyOnWriteArrayList<>();
  public final List<String> metrics = new CopyOnWriteArrayList<>();
  public final FindingHandler handler;
  private final ExecutorService threads = Wiring.deliveryThreads();

  public TestApp(Map<String, String> env, Ticker ticker, NotificationGate gate, WebhookSource source) {
    Config config = Config.fromEnvironment(env);
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(3))
        .retryOnConnectionFailure(false).build();
    WebhookClient client = new WebhookClient(http, ticker, WebhookClient.DEFAULT_MIN_INTERVAL);
    Notifier notifier = new Notifier(MAPPER, config, source == null ? config::envWebhooks : source,
        new FindingFormatter(config.accountNames()), client, gate, new Metrics(MAPPER, metrics::add, Clock.systemUTC()),
        new DecisionLog(MAPPER, logs::add), threads, ticker);
    handler = new FindingHandler(new FindingHandler.App(MAPPER, notifier, ticker, client::evictConnections));
  }

  public TestApp(Map<String, String> env, Ticker ticker) {
    this(env, ticker, NotificationGate.ALWAYS, null);
  }

  /** Invokes the handler as Lambda would and returns what it wrote. */
  public String invoke(String input, long remainingMillis) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
        new TestContext(remainingMillis));
    return out.toString(StandardCharsets.UTF_8);
  }

  public String invoke(String input) throws IOException {
    return invoke(input, 60_000);
  }

  /** Wraps EventBridge events into an SQS batch with message ids m0, m1… */
  public static String sqsBatch(String... events) {
    var records = MAPPER.createArrayNode();
    for (int i = 0; i < events.length; i++) {
      records.addObject().put("messageId", "m" + i).put("receiptHandle", "rh" + i).put("body", events[i])
          .put("eventSource", "aws:sqs");
    }
    var root = MAPPER.createObjectNode();
    root.set("Records", records);
    return root.toString();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
