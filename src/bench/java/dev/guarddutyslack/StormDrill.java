package dev.guarddutyslack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import dev.guarddutyslack.testing.TestContext;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The storm drill: 3,000 findings (30 CRITICAL, the rest LOW, MEDIUM and HIGH alike) arrive in 30 s over four
 * band webhooks; as the template's two rules and event sources do, CRITICAL findings go to a queue of their
 * own, and two copies of the function take each queue in SQS batches of 10 (a failed record visible again
 * after 30 s); a Slack double lets each webhook post one message a second
 * with bursts of 3 and answers 429 beyond; the table and the digest triggers' queue are moto's. Measured: how
 * soon each CRITICAL finding is in Slack, the most messages a webhook gets in a window, when the whole storm is
 * in Slack, findings lost or counted twice, and 429s. With {@code threshold} 0 the guard is off: the old drain.
 */
final class StormDrill {
  static final int FINDINGS = 3000;
  static final int CRITICAL = 30;
  static final int BATCH = 10;
  static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final Pattern FINDING_ID = Pattern.compile("Finding `([^`]+)`");
  private static final Pattern HELD = Pattern.compile("; (\\d+) posted singly, (\\d+) held back");

  /** The message an edit names: {@code "ts":"1765000123.000100"}. */
  private static final Pattern TS = Pattern.compile("\"ts\":\"([0-9.]+)\"");
  /** The channel a Web API call names: {@code "channel":"C0CRITICAL"}. */
  private static final Pattern CHANNEL = Pattern.compile("\"channel\":\"(C0[A-Z0]+)\"");

  /** What the drill measured. */
  record Result(String mode, int threshold, long drainMillis, long worstCriticalMillis, Map<String, Integer> mostPerWindow,
                int posted, int digests, int heldInDigests, int lost, int twice, int tooMany) {}

  /** One webhook's token bucket: a message a second, three at once. */
  private static final class Bucket {
    double tokens = 3;
    long lastNanos = System.nanoTime();

    synchronized boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(3, tokens + (now - lastNanos) / 1e9);
      lastNanos = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  /** A record on the drill's queue, visible again at {@code visibleAt}. */
  private record Queued(String body, long visibleAt) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(visibleAt - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }

  static Result run(int threshold) throws Exception {
    return run(threshold, false);
  }

  /**
   * @param appMode post as the Slack app to a channel per band ({@code chat.postMessage} with the bot token,
   *     against a Web API double that paces per channel), instead of to a webhook per band
   */
  static Result run(int threshold, boolean appMode) throws Exception {
    Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    Map<String, Long> criticalPostedAt = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> postedById = new ConcurrentHashMap<>();
    List<long[]> accepted = new CopyOnWriteArrayList<>();
    List<String> acceptedPaths = new CopyOnWriteArrayList<>();
    List<String> digestsText = new CopyOnWriteArrayList<>();
    // App mode: each digest message as last edited, by its ts.
    Map<String, String> digestByTs = new ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicLong lastEdit = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    AtomicInteger tooMany = new AtomicInteger();
    try (MockWebServer slack = new MockWebServer(); DynamoDbClient dynamo = TestAws.dynamoDb();
         SqsClient sqs = TestAws.sqs()) {
      slack.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String body = request.getBody().utf8();
          // A webhook is its path; a channel is named in the Web API call's body (C0LOW…, C0CRITICAL…).
          String path = request.getUrl().encodedPath();
          if (appMode) {
            if (!"Bearer xoxb-1111111111-2222222222-stormdrilltoken".equals(request.getHeaders().get("Authorization"))) {
              return new MockResponse.Builder().code(200).body("{\"ok\":false,\"error\":\"invalid_auth\"}").build();
            }
            Matcher channel = CHANNEL.matcher(body);
            path = channel.find() ? "/" + channel.group(1).substring(2).replaceAll("0+$", "").toLowerCase(Locale.ROOT)
                : "/unknown";
          }
          boolean edit = request.getUrl().encodedPath().endsWith("/chat.update");
          if (!edit && !buckets.computeIfAbsent(path, p -> new Bucket()).take()) {
            tooMany.incrementAndGet();
            return new MockResponse.Builder().code(429).setHeader("Retry-After", "1")
                .body(appMode ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "rate_limited").build();
          }
          long now = System.nanoTime();
          String ts = (1_765_000_000 + accepted.size()) + ".000100";
          if (edit) {
            // App mode: an edit replaces the message it names (the digest so far, then the digest).
            lastEdit.accumulateAndGet(now, Math::max);
            Matcher named = TS.matcher(body);
            if (named.find() && digestByTs.containsKey(named.group(1))) {
              digestByTs.put(named.group(1), body);
            }
            return new MockResponse.Builder().code(200).body("{\"ok\":true,\"channel\":\"C0X\",\"ts\":\""
                + (named.find(0) ? named.group(1) : ts) + "\"}").build();
          }
          accepted.add(new long[] {now});
          acceptedPaths.add(path);
          Matcher id = FINDING_ID.matcher(body);
          if (body.contains("GuardDuty digest:")) {
            if (appMode) {
              digestByTs.put(ts, body);
            } else {
              digestsText.add(body);
            }
          } else if (id.find()) {
            postedById.computeIfAbsent(id.group(1), k -> new AtomicInteger()).incrementAndGet();
            if (path.equals("/critical")) {
              criticalPostedAt.putIfAbsent(id.group(1), now);
            }
          }
          return new MockResponse.Builder().code(200).body(appMode ? "{\"ok\":true,\"channel\":\"C0X\",\"ts\":\""
              + ts + "\"}" : "ok").build();
        }
      });
      slack.start();
      String table = "storm-drill-" + UUID.randomUUID();
      TestAws.stateTable(dynamo, table);
      String queueUrl = sqs.createQueue(b -> b.queueName("storm-drill-" + UUID.randomUUID())).queueUrl();
      Map<String, String> env = new HashMap<>(Moto.environment());
      for (String band : List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")) {
        if (appMode) {
          env.put("SLACK_CHANNEL_" + band, "C0" + band + "0000");
        } else {
          env.put("SLACK_WEBHOOK_URL_" + band, slack.url("/" + band.toLowerCase(Locale.ROOT)).toString());
        }
      }
      if (appMode) {
        env.put("SLACK_BOT_TOKEN", "xoxb-1111111111-2222222222-stormdrilltoken");
        env.put("SLACK_API_URL", slack.url("/api/").toString());
      }
      env.put("MIN_SEVERITY", "LOW");
      env.put("DEDUP_TABLE", table);
      env.put("STORM_TABLE", table);
      env.put("DIGEST_QUEUE_URL", queueUrl);
      env.put("STORM_THRESHOLD", Integer.toString(threshold));
      env.put("STORM_WINDOW", "PT1M");
      List<NotifierApp> apps = new ArrayList<>();
      List<FindingHandler> copies = new ArrayList<>();
      // Two copies on the findings queue, two on the urgent one (CRITICAL), as the template's event sources.
      for (int i = 0; i < 4; i++) {
        NotifierApp app = TestWiring.of(env).log(line -> { }).metrics(line -> { }).http(new OkHttpClient()).build();
        apps.add(app);
        copies.add(new FindingHandler(app));
      }

      DelayQueue<Queued> queue = new DelayQueue<>();
      DelayQueue<Queued> urgentQueue = new DelayQueue<>();
      Set<String> done = ConcurrentHashMap.newKeySet();
      List<String> findings = findings();
      long start = System.nanoTime();
      ExecutorService workers = Executors.newFixedThreadPool(3);
      // Arrival: the findings reach the queue evenly over ARRIVAL.
      workers.submit(() -> {
        for (int i = 0; i < findings.size(); i++) {
          long due = start + ARRIVAL.toNanos() * i / findings.size();
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          com.fasterxml.jackson.databind.JsonNode event = TestApp.MAPPER.readTree(findings.get(i));
          arrivedAt.put(event.at("/detail/id").asText(), System.nanoTime());
          // The rules: CRITICAL (9.0 and above) to the urgent queue, the rest to the findings queue.
          (event.at("/detail/severity").asDouble() >= 9 ? urgentQueue : queue)
              .add(new Queued(findings.get(i), System.nanoTime()));
        }
        return null;
      });
      // The digest triggers the copies send: read from moto's queue onto the drill's.
      AtomicInteger triggers = new AtomicInteger();
      workers.submit(() -> {
        // Short polls: moto serves one request at a time, and a long poll would stall every other call.
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(1000);
          // Everything due, as Lambda's pollers take a queue: the digest triggers and the single messages handed on
          // to their turn.
          List<Message> due;
          do {
            due = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(0).maxNumberOfMessages(10)).messages();
            for (Message m : due) {
              triggers.incrementAndGet();
              queue.add(new Queued(m.body(), System.nanoTime()));
              sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
          } while (!due.isEmpty());
        }
        return null;
      });
      List<Thread> running = new ArrayList<>();
      AtomicInteger busy = new AtomicInteger();
      long deadline = start + Duration.ofMinutes(threshold == 0 ? 30 : 8).toNanos();
      for (int c = 0; c < copies.size(); c++) {
        FindingHandler copy = copies.get(c);
        DelayQueue<Queued> source = c < 2 ? queue : urgentQueue;
        Thread t = new Thread(() -> {
          while (System.nanoTime() < deadline) {
            List<Queued> batch = new ArrayList<>();
            try {
              Queued first = source.poll(1, TimeUnit.SECONDS);
              if (first == null) {
                continue;
              }
              busy.incrementAndGet();
              batch.add(first);
              source.drainTo(batch, BATCH - 1);
              String[] bodies = batch.stream().map(Queued::body).toArray(String[]::new);
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              copy.handleRequest(new ByteArrayInputStream(TestApp.sqsBatch(bodies).getBytes(StandardCharsets.UTF_8)),
                  out, new TestContext(60_000));
              Set<Integer> failed = new java.util.HashSet<>();
              Matcher m = Pattern.compile("\"itemIdentifier\":\"m(\\d+)\"").matcher(out.toString(StandardCharsets.UTF_8));
              while (m.find()) {
                failed.add(Integer.parseInt(m.group(1)));
              }
              for (int i = 0; i < batch.size(); i++) {
                if (failed.contains(i)) {
                  source.add(new Queued(batch.get(i).body(), System.nanoTime() + Duration.ofSeconds(30).toNanos()));
                } else {
                  done.add(batch.get(i).body());
                }
              }
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              batch.forEach(q -> source.add(new Queued(q.body(), System.nanoTime() + Duration.ofSeconds(30).toNanos())));
            } finally {
              if (!batch.isEmpty()) {
                busy.decrementAndGet();
              }
            }
          }
        });
        t.start();
        running.add(t);
      }
      // Done when every finding is handled and, past the last window, no trigger is left to come.
      long lastArrival = start + ARRIVAL.toNanos();
      int tick = 0;
      while (System.nanoTime() < deadline) {
        Thread.sleep(1000);
        long handled = findings.stream().filter(done::contains).count();
        Map<String, String> attributes = new HashMap<>();
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL)).attributes()
            .forEach((k, v) -> attributes.put(k.toString(), v));
        int waiting = Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessages", "0"))
            + Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"))
            + Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"));
        if (++tick % 10 == 0) {
          System.out.printf(Locale.ROOT, "%4d s: %d handled, %d queued, %d triggers (%d at SQS), %d digests, %d posts,"
              + " %d 429%n", (System.nanoTime() - start) / 1_000_000_000L, handled, queue.size(), triggers.get(), waiting,
              digestsText.size(), accepted.size(), tooMany.get());
        }
        if (handled == findings.size() && queue.isEmpty() && urgentQueue.isEmpty() && waiting == 0 && busy.get() == 0
            && System.nanoTime() > lastArrival + Duration.ofSeconds(threshold == 0 ? 0 : 80).toNanos()) {
          break;
        }
      }
      running.forEach(Thread::interrupt);
      workers.shutdownNow();
      apps.forEach(NotifierApp::close);
      long last = Math.max(accepted.stream().mapToLong(a -> a[0]).max().orElse(start), lastEdit.get());
      digestsText.addAll(digestByTs.values());

      int held = 0;
      for (String digest : digestsText) {
        Matcher m = HELD.matcher(digest);
        if (m.find()) {
          held += Integer.parseInt(m.group(2));
        }
      }
      int posted = postedById.size();
      int twice = (int) postedById.values().stream().filter(n -> n.get() > 1).count();
      Map<String, Integer> perWindow = new TreeMap<>();
      Map<String, Integer> counts = new HashMap<>();
      long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
      for (int i = 0; i < accepted.size(); i++) {
        long minute = (accepted.get(i)[0] + epochOffset) / 60_000_000_000L;
        counts.merge(acceptedPaths.get(i) + "@" + minute, 1, Integer::sum);
      }
      counts.forEach((key, n) -> perWindow.merge(key.substring(0, key.indexOf('@')), n, Math::max));
      long worstCritical = criticalPostedAt.entrySet().stream()
          .mapToLong(e -> e.getValue() - arrivedAt.getOrDefault(e.getKey(), e.getValue())).max().orElse(0);
      dynamo.deleteTable(b -> b.tableName(table));
      sqs.deleteQueue(b -> b.queueUrl(queueUrl));
      return new Result(appMode ? "app (channels)" : "webhooks", threshold, (last - lastArrival) / 1_000_000, worstCritical / 1_000_000, perWindow, posted,
          digestsText.size(), held, FINDINGS - posted - held, twice, tooMany.get());
    }
  }

  /** 3,000 findings with their own ids: 30 CRITICAL spread through the storm, the rest LOW, MEDIUM, HIGH in turn. */
  private static List<String> findings() throws Exception {
    List<String> findings = new ArrayList<>();
    String[] bands = {"finding-low", "finding-medium", "finding-high"};
    for (int i = 0; i < FINDINGS; i++) {
      String fixture = i % (FINDINGS / CRITICAL) == 0 ? "finding-critical" : bands[i % 3];
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event(fixture));
      ((ObjectNode) event.get("detail")).put("id", "storm-" + i);
      findings.add(event.toString());
    }
    return findings;
  }

  /** Points the SDK clients that set up the table and the queue at moto; false where moto is not installed. */
  static boolean useMoto() {
    java.util.Optional<String> endpoint = Moto.startForTools();
    endpoint.ifPresent(e -> {
      System.setProperty("aws.endpointUrl", e);
      System.setProperty("aws.region", Moto.REGION);
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
    });
    return endpoint.isPresent();
  }

  public static void main(String[] args) throws Exception {
    useMoto();
    for (String arg : args) {
      System.out.println(run(Integer.parseInt(arg)));
    }
    System.exit(0);
  }
}
