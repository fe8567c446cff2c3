package dev.guarddutyslack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.SlackWebApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import dev.guarddutyslack.testing.TestContext;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What app mode costs per message, against what a webhook costs, in one process with the state table on moto:
 * the first message of a finding, and an update that raises its band (edit and reply). Counts the HTTP calls to
 * Slack and to DynamoDB per finding and times each invocation; the Web API double paces each channel at one
 * message a second, so the findings go to as many channels as there are findings.
 */
final class AppModeProbe {
  static final int FINDINGS = 20;

  private AppModeProbe() {}

  /** One configuration's figures: median and worst ms per invocation, calls per finding. */
  record Row(String what, double medianMs, double worstMs, double slackCalls, double dynamoCalls) {}

  static List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < FINDINGS; i++) {
      channels.add(String.format(Locale.ROOT, "C0PROBE%04d", i));
    }
    SlackWebApi api = new SlackWebApi(channels.toArray(String[]::new));
    api.start();
    try (MockWebServer hooks = new MockWebServer(); DynamoDbClient dynamo = TestAws.dynamoDb()) {
      hooks.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
          return new MockResponse.Builder().code(200).body("ok").build();
        }
      });
      hooks.start();
      AtomicInteger slackCalls = new AtomicInteger();
      AtomicInteger dynamoCalls = new AtomicInteger();
      OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> {
        String target = chain.request().header("X-Amz-Target");
        if (target != null && target.startsWith("DynamoDB")) {
          dynamoCalls.incrementAndGet();
        } else if (!chain.request().url().toString().contains(Moto.endpoint().replaceFirst("^https?://", ""))) {
          slackCalls.incrementAndGet();
        }
        return chain.proceed(chain.request());
      }).build();
      for (boolean appMode : List.of(false, true)) {
        String table = "probe-" + UUID.randomUUID();
        TestAws.stateTable(dynamo, table);
        Map<String, String> env = new HashMap<>(Moto.environment());
        env.put("MIN_SEVERITY", "LOW");
        env.put("DEDUP_TABLE", table);
        env.put("STORM_THRESHOLD", "0");
        List<FindingHandler> perChannel = new ArrayList<>();
        for (int i = 0; i < FINDINGS; i++) {
          Map<String, String> own = new HashMap<>(env);
          if (appMode) {
            own.put("SLACK_CHANNEL", channels.get(i));
            own.put("SLACK_BOT_TOKEN", SlackWebApi.TOKEN);
            own.put("SLACK_API_URL", api.url());
          } else {
            own.put("SLACK_WEBHOOK_URL", hooks.url("/hook/" + i).toString());
          }
          NotifierApp app = TestWiring.of(own).log(line -> { }).metrics(line -> { }).http(http).build();
          perChannel.add(new FindingHandler(app));
        }
        String mode = appMode ? "app (channel)" : "webhook";
        for (String step : List.of("first message", "band rises")) {
          List<Double> times = new ArrayList<>();
          slackCalls.set(0);
          dynamoCalls.set(0);
          for (int i = 0; i < FINDINGS; i++) {
            ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
            boolean rise = step.equals("band rises");
            ((ObjectNode) event.get("detail")).put("id", String.format(Locale.ROOT, "%032x", i + (appMode ? 1000 : 0)))
                .put("severity", rise ? 9.5 : 5.0).put("updatedAt", rise ? "2026-11-20T11:00:00.000Z"
                    : "2026-11-20T10:00:00.000Z");
            byte[] batch = TestApp.sqsBatch(event.toString()).getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            perChannel.get(i).handleRequest(new ByteArrayInputStream(batch), new ByteArrayOutputStream(),
                new TestContext(60_000));
            times.add((System.nanoTime() - start) / 1e6);
          }
          Collections.sort(times);
          rows.add(new Row(mode + ", " + step, times.get(times.size() / 2), times.get(times.size() - 1),
              slackCalls.get() / (double) FINDINGS, dynamoCalls.get() / (double) FINDINGS));
        }
        dynamo.deleteTable(b -> b.tableName(table));
      }
    } finally {
      api.close();
    }
    return rows;
  }
}
