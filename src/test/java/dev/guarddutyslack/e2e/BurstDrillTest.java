package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.time.Ticker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Generate sample findings" as a burst: findings through the handler in SQS batches of 10, two function copies at
 * once (the template's maximum concurrency), against a Slack that takes one message per second per webhook and
 * answers 429 with Retry-After otherwise. Every finding must be posted exactly once or be reported for a retry;
 * none lost, none twice.
 *
 * <p>{@code ./mvnw verify} drives 60 findings (15 a webhook, about 15 s), which takes every path the burst
 * takes: several batches per copy, both copies on every webhook, 429s, retries. GuardDuty's own burst of 300
 * (75 s) is
 * {@code ./mvnw verify -Ddrill.findings=300 -Dit.test=BurstDrillTest -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class BurstDrillTest {
  private static final int FINDINGS = Integer.getInteger("drill.findings", 60);
  private static final int BATCH = 10;
  private static final int COPIES = 2;
  private static final int MAX_RECEIVES = 5;
  private static final long SLACK_INTERVAL_MS = 1000;
  private static final Pattern FINDING_ID = Pattern.compile("Finding `([^`]+)`");

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();

  /** Slack's rate limit, per webhook: one accepted message per second, 429 for the rest. */
  private static final class RateLimit implements Function<RecordedRequest, MockResponse> {
    final Map<String, Long> lastAccepted = new HashMap<>();
    final Map<String, AtomicInteger> acceptedById = new ConcurrentHashMap<>();
    final AtomicInteger tooMany = new AtomicInteger();

    @Override
    public MockResponse apply(RecordedRequest request) {
      String webhook = request.getUrl().encodedPath();
      long now = System.nanoTime() / 1_000_000;
      synchronized (lastAccepted) {
        Long last = lastAccepted.get(webhook);
        if (last != null && now - last < SLACK_INTERVAL_MS) {
          tooMany.incrementAndGet();
          return new MockResponse.Builder().code(429).setHeader("Retry-After", "1").body("rate_limited").build();
        }
        lastAccepted.put(webhook, now);
      }
      Matcher id = FINDING_ID.matcher(request.getBody().utf8());
      if (!id.find()) {
        return new MockResponse.Builder().code(400).body("invalid_blocks").build();
      }
      acceptedById.computeIfAbsent(id.group(1), k -> new AtomicInteger()).incrementAndGet();
      return new MockResponse.Builder().code(200).body("ok").build();
    }
  }

  private record Message(String id, String body, int receives) {}

  @Test
  void aBurstOfThreeHundredFindingsIsPostedExactlyOnceEach() throws Exception {
    RateLimit limitedSlack = new RateLimit();
    slack.answerBy(limitedSlack);
    Map<String, String> env = new HashMap<>();
    env.put("MIN_SEVERITY", "LOW");
    for (String band : List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")) {
      env.put("SLACK_WEBHOOK_URL_" + band, slack.url("/" + band.toLowerCase(java.util.Locale.ROOT)));
    }

    ConcurrentLinkedDeque<Message> queue = new ConcurrentLinkedDeque<>();
    List<String> fixtures = List.of("finding-low", "finding-medium", "finding-high", "finding-critical");
    Map<String, Integer> perWebhook = new HashMap<>();
    for (int i = 0; i < FINDINGS; i++) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event(fixtures.get(i % fixtures.size())));
      String findingId = String.format("burst%04d", i);
      ((ObjectNode) event.get("detail")).put("id", findingId);
      ((ObjectNode) event.get("detail").get("service")).putObject("additionalInfo").put("sample", true);
      queue.add(new Message("msg-" + i, event.toString(), 0));
      perWebhook.merge(fixtures.get(i % fixtures.size()), 1, Integer::sum);
    }
    long floorSeconds = (perWebhook.values().stream().mapToInt(Integer::intValue).max().orElseThrow() - 1)
        * SLACK_INTERVAL_MS / 1000;

    List<Message> deadLetters = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger invocations = new AtomicInteger();
    AtomicInteger reportedFailures = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService copies = Executors.newFixedThreadPool(COPIES);
    List<TestApp> apps = new ArrayList<>();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < COPIES; c++) {
        TestApp app = new TestApp(env, Ticker.SYSTEM);
        apps.add(app);
        running.add(copies.submit(() -> {
          while (true) {
            List<Message> batch = new ArrayList<>();
            inFlight.incrementAndGet();
            for (Message m; batch.size() < BATCH && (m = queue.poll()) != null; ) {
              batch.add(m);
            }
            if (batch.isEmpty()) {
              if (inFlight.decrementAndGet() == 0 && queue.isEmpty()) {
                return null;
              }
              Thread.sleep(50);
              continue;
            }
            String out = app.invoke(batch(batch), 60_000);
            invocations.incrementAndGet();
            JsonNode failures = TestApp.MAPPER.readTree(out).path("batchItemFailures");
            for (JsonNode failure : failures) {
              reportedFailures.incrementAndGet();
              Message failed = batch.stream().filter(m -> m.id().equals(failure.path("itemIdentifier").asText()))
                  .findFirst().orElseThrow();
              Message again = new Message(failed.id(), failed.body(), failed.receives() + 1);
              if (again.receives() >= MAX_RECEIVES) {
                deadLetters.add(again);
              } else {
                queue.add(again);
              }
            }
            inFlight.decrementAndGet();
          }
        }));
      }
      for (Future<?> copy : running) {
        copy.get(15, TimeUnit.MINUTES);
      }
    } finally {
      copies.shutdownNow();
      apps.forEach(TestApp::close);
    }
    double drainSeconds = (System.nanoTime() - start) / 1e9;

    Map<String, AtomicInteger> accepted = limitedSlack.acceptedById;
    assertThat(accepted.values()).as("no finding posted twice").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    List<String> deadIds = deadLetters.stream().map(m -> m.body()).toList();
    assertThat(accepted.size() + deadIds.size()).as("every finding posted once or kept for a later retry")
        .isEqualTo(FINDINGS);
    for (int i = 0; i < FINDINGS; i++) {
      String id = String.format("burst%04d", i);
      boolean posted = accepted.containsKey(id);
      boolean kept = deadIds.stream().anyMatch(b -> b.contains("\"" + id + "\""));
      assertThat(posted ^ kept).as(id + " posted once xor kept in the dead-letter queue").isTrue();
    }
    System.out.printf(java.util.Locale.ROOT,
        "BURST DRILL: %d findings, %d webhooks, %d copies: drained in %.1f s against a floor of %d s "
            + "(1 message/s/webhook); %d invocations, %d answered 429, %d records reported for retry, "
            + "%d dead-lettered%n",
        FINDINGS, perWebhook.size(), COPIES, drainSeconds, floorSeconds, invocations.get(), limitedSlack.tooMany.get(),
        reportedFailures.get(), deadLetters.size());
  }

  private static String batch(List<Message> messages) {
    var records = TestApp.MAPPER.createArrayNode();
    for (Message m : messages) {
      records.addObject().put("messageId", m.id()).put("body", m.body()).put("eventSource", "aws:sqs")
          .putObject("attributes").put("ApproximateReceiveCount", String.valueOf(m.receives() + 1));
    }
    ObjectNode root = TestApp.MAPPER.createObjectNode();
    root.set("Records", records);
    return root.toString();
  }
}
