package dev.guarddutyslack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.invocation.Invocation;
import dev.guarddutyslack.invocation.Invocations;
import dev.guarddutyslack.routing.Routes;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestContext;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The warm path, once the environment is up: one finding parsed, decided, formatted and serialised; and a
 * whole handler invocation of a 10-record SQS batch posting to a loopback Slack (pacing off, as if ten
 * webhooks). Run with JMH's GC profiler for the bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class WarmPathBenchmark {
  private MockWebServer slack;
  private NotifierApp app;
  private FindingHandler handler;
  private FindingFormatter formatter;
  private MessageWriter writer;
  private byte[] finding;
  private byte[] batch;
  private Routes fiftyRules;
  private Finding parsed;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    slack = new MockWebServer();
    slack.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).body("ok").build();
      }
    });
    slack.setServerSocketFactory(NoDelaySockets.INSTANCE);
    slack.start();
    Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString(), "MIN_SEVERITY", "LOW");
    app = TestWiring.of(env).slackInterval(Duration.ZERO).log(line -> { }).metrics(line -> { }).build();
    handler = new FindingHandler(app);
    formatter = new FindingFormatter(Map.of());
    writer = new MessageWriter(app.json());
    finding = Fixtures.event("finding-high").getBytes(StandardCharsets.UTF_8);
    String[] events = new String[10];
    for (int i = 0; i < events.length; i++) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(finding);
      ((ObjectNode) event.get("detail")).put("id", "warm-" + i);
      events[i] = event.toString();
    }
    batch = TestApp.sqsBatch(events).getBytes(StandardCharsets.UTF_8);
    fiftyRules = Routes.parse(fiftyRules(), "ROUTES", Map.of("222233334444", "sandbox"));
    parsed = Finding.of(TestApp.MAPPER.readTree(finding).get("detail"));
  }

  /**
   * Fifty rules of the kinds the README shows (types, accounts, tags, bands, severities, regions, samples, mutes
   * with an end date), none of which matches the high fixture but the last: every rule is tried, and the tags
   * are read.
   */
  static String fiftyRules() {
    StringBuilder rules = new StringBuilder("[");
    for (int i = 0; i < 49; i++) {
      String match = switch (i % 7) {
        case 0 -> "{\"type\":[\"Recon:*\",\"*:IAMUser/*\"],\"account\":[\"sandbox\"]}";
        case 1 -> "{\"tag\":{\"team\":\"data-" + i + "*\"}}";
        case 2 -> "{\"account\":[\"4444555566" + (10 + i) + "\"],\"band\":[\"LOW\",\"MEDIUM\"]}";
        case 3 -> "{\"region\":[\"us-east-" + i + "\"]}";
        case 4 -> "{\"minSeverity\":9.5,\"type\":[\"*Exfiltration*\"]}";
        case 5 -> "{\"sample\":true,\"resourceType\":[\"S3Bucket\"]}";
        default -> "{\"tag\":{\"env\":\"prod\",\"team\":\"web*\"}}";
      };
      String action = i % 5 == 0 ? "\"mute\":\"noise " + i + "\",\"until\":\"2099-12-31\""
          : "\"to\":[\"TEAM" + i + "\"]" + (i % 3 == 0 ? ",\"mention\":\"here\"" : "");
      rules.append("{\"name\":\"rule ").append(i).append("\",\"match\":").append(match).append(',').append(action)
          .append("},");
    }
    return rules.append("{\"name\":\"last\",\"match\":{\"tag\":{\"team\":\"payments\"}},\"to\":[\"PAYMENTS\"]}]")
        .toString();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    app.close();
    slack.close();
  }

  /** Parse, decide, format and serialise one finding. */
  @Benchmark
  public int perFinding() throws IOException {
    Invocation invocation = Invocations.read(app.json(), new ByteArrayInputStream(finding));
    Notifier.Verdict verdict = app.notifier().decide(invocation.inputs().get(0));
    return writer.write(formatter.format(((Notifier.Verdict.Post) verdict).finding())).length;
  }

  /** Routing one finding through fifty rules, all tried (the budget: at most 5 µs). */
  @Benchmark
  public int routeAmongFiftyRules() {
    return fiftyRules.route(parsed, Severity.HIGH, LocalDate.of(2026, 11, 29)).targets().size();
  }

  /** The handler with a 10-record batch, ten posts to a loopback Slack. */
  @Benchmark
  public int batchOfTen() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(batch), out, new TestContext(60_000));
    return out.size();
  }
}
