package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * What SnapStart's checkpoint hook does: prime a whole invocation against a loopback responder, and keep no
 * connection. Each priming paces its posts as production does (about 19 s), so the tests run side by side.
 * Production's composition writes its log and metric lines to standard output; here the same
 * composition writes them to a list, so that the test runs beside others.
 */
@Execution(ExecutionMode.CONCURRENT)
class SnapStartTest {
  @StartStop
  private final MockWebServer slack = MockServers.create();

  @Test
  void primingRunsAWholeInvocationWithoutReachingSlackOrWritingOutput() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    FindingHandler handler = new FindingHandler(productionPrintingTo(out,
        Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString())));
    handler.beforeCheckpoint(null);
    List<String> afterPriming = List.copyOf(out);
    handler.afterRestore(null);

    assertThat(slack.getRequestCount()).isZero();
    assertThat(afterPriming).isEmpty();
    // A restored environment says once which release it is, as a started one does.
    assertThat(out).hasSize(1);
    JsonNode line = TestApp.MAPPER.readTree(out.get(0));
    assertThat(line.path("event").asText()).isEqualTo("restored");
    assertThat(line.path("version").asText()).isEqualTo(Fixtures.projectVersion());
    assertThat(line.path("level").asText()).isEqualTo("INFO");
  }

  /** With rules, the rehearsal routes too: every destination they name answers it, and nothing is reported. */
  @Test
  void primingWithRulesRehearsesEachDestinationAndReportsNothing() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    try (App app = productionPrintingTo(out, Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString(),
        "SLACK_WEBHOOK_URL_ONCALL", slack.url("/oncall").toString(),
        "ROUTES", "[{\"name\":\"all\",\"to\":[\"ONCALL\"],\"mention\":\"here\",\"continue\":true}]"))) {
      new FindingHandler(app).beforeCheckpoint(null);
    }
    assertThat(slack.getRequestCount()).isZero();
    assertThat(out).isEmpty();
  }

  /** Production's composition for {@code env}, with its one output (log and metric lines alike) kept in {@code out}. */
  private static App productionPrintingTo(List<String> out, Map<String, String> env) {
    return TestWiring.of(env).log(out::add).metrics(out::add).build();
  }

  /**
   * The rehearsal runs production's journal (so that its code is warm after a restore) with its lines going
   * nowhere; before and after, they go out.
   */
  @Test
  void theRehearsalsLogAndMetricsLinesGoNowhere() {
    Priming.Detours detours = new Priming.Detours();
    List<String> out = new ArrayList<>();
    Consumer<String> sink = detours.sink(out::add);
    detours.webhooks(() -> { throw new AssertionError("the real webhooks are not asked during the rehearsal"); });
    detours.gate(NotificationGate.ALWAYS);

    sink.accept("before");
    detours.rehearse(() -> null, NotificationGate.ALWAYS);
    sink.accept("during");
    detours.end();
    sink.accept("after");

    assertThat(out).containsExactly("before", "after");
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
