package dev.guarddutyslack.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.FindingHandler;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;

/**
 * The handler as production wires it ({@link TestWiring}), with the test's environment, time, gate and
 * webhook source, short HTTP timeouts, and its log and metric lines captured.
 */
public final class TestApp implements AutoCloseable {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final JsonFactory JSON = new JsonFactory();

  public final List<String> logs = new CopyOnWriteArrayList<>();
  public final List<String> metrics = new CopyOnWriteArrayList<>();
  public final FindingHandler handler;
  private final NotifierApp app;

  /** @param gate and source: null for what production would choose from {@code env} */
  public TestApp(Map<String, String> env, Ticker ticker, NotificationGate gate, WebhookSource source) {
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(3))
        .retryOnConnectionFailure(false).build();
    TestWiring builder = TestWiring.of(env).ticker(ticker).http(http).log(logs::add).metrics(metrics::add);
    if (gate != null) {
      // A test that brings its own gate tests what the gate decides; one webhook's seconds are not shared.
      builder.gate(gate).slots(dev.guarddutyslack.delivery.SendSlots.NONE);
    }
    if (source != null) {
      builder.webhookSource(source);
    }
    app = builder.build();
    handler = new FindingHandler(app);
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
    app.close();
  }
}
