package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.delivery.Deadline;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.Webhook;
import dev.guarddutyslack.delivery.WebhookClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** What SnapStart's checkpoint hook does: prime a whole invocation against a loopback responder, and keep no connection. */
class SnapStartTest {
  @StartStop
  private final MockWebServer slack = new MockWebServer();

  @Test
  void primingRunsAWholeInvocationWithoutReachingSlackOrWritingOutput() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      FindingHandler handler = new FindingHandler(Wiring.production(
          Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString())));
      handler.beforeCheckpoint(null);
      handler.afterRestore(null);
    } finally {
      System.setOut(stdout);
    }
    assertThat(slack.getRequestCount()).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theCheckpointDropsPooledConnections() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    OkHttpClient http = WebhookClient.newHttpClient();
    WebhookClient client = new WebhookClient(http, Ticker.SYSTEM, Duration.ZERO);
    client.post(Webhook.of(slack.url("/hook").toString()), "{}".getBytes(StandardCharsets.UTF_8),
        Deadline.after(Ticker.SYSTEM, Duration.ofSeconds(10), Duration.ZERO));
    assertThat(http.connectionPool().connectionCount()).isEqualTo(1);

    client.evictConnections();

    assertThat(http.connectionPool().connectionCount()).isZero();
  }
}
