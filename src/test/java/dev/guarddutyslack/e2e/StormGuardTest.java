package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.FindingHandler;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.MutableClock;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.SlackPayloadAssertions;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import dev.guarddutyslack.testing.TestContext;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The storm guard against DynamoDB and SQS as moto emulates them: two copies of the function count one
 * destination's window together, exactly; the digest trigger they send their own queue arrives after the
 * window; a fresh copy (a cold start) posts the digest from the table alone, once, however often and by however
 * many copies the trigger is handled.
 */
@ExtendWith(Moto.class)
class StormGuardTest {
  private static final int THRESHOLD = 5;
  private static final int FINDINGS = 40;

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final List<NotifierApp> apps = new ArrayList<>();
  private DynamoDbClient dynamo;
  private SqsClient sqs;
  private String table;
  private String queueUrl;

  @BeforeEach
  void createTableAndQueue() {
    dynamo = TestAws.dynamoDb();
    sqs = TestAws.sqs();
    table = "guardduty-slack-storm-" + UUID.randomUUID();
    TestAws.stateTable(dynamo, table);
    queueUrl = sqs.createQueue(b -> b.queueName("guardduty-slack-storm-" + UUID.randomUUID())).queueUrl();
  }

  @AfterEach
  void drop() {
    apps.forEach(NotifierApp::close);
    dynamo.deleteTable(b -> b.tableName(table));
    sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    dynamo.close();
    sqs.close();
  }

  /** One copy of the function, as production wires it, on moto, at the clock's time. */
  private FindingHandler copy(MutableClock clock) {
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.put("SLACK_WEBHOOK_URL_LOW", slack.url("/low"));
    env.put("SLACK_WEBHOOK_URL_CRITICAL", slack.url("/critical"));
    env.put("MIN_SEVERITY", "LOW");
    env.put("DEDUP_TABLE", table);
    env.put("STORM_TABLE", table);
    env.put("DIGEST_QUEUE_URL", queueUrl);
    env.put("STORM_THRESHOLD", Integer.toString(THRESHOLD));
    env.put("STORM_WINDOW", "PT1M");
    NotifierApp app = TestWiring.of(env).clock(clock).slackInterval(Duration.ZERO).log(logs::add)
        .metrics(line -> { }).http(new OkHttpClient()).build();
    apps.add(app);
    return new FindingHandler(app);
  }

  private static String invoke(FindingHandler handler, String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
        new TestContext(60_000));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String low(String id) throws Exception {
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-low"));
    ((ObjectNode) event.get("detail")).put("id", id);
    return event.toString();
  }

  private List<JsonNode> decisions() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logs) {
      JsonNode node = TestApp.MAPPER.readTree(line);
      if (node.has("decision")) {
        lines.add(node);
      }
    }
    return lines;
  }

  @Test
  void twoCopiesCountOneWindowAndAColdStartPostsItsDigestOnce() throws Exception {
    // The last second of a window: its trigger is due 16 s from now, at the window's end plus the grace.
    MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:59Z"));
    FindingHandler first = copy(clock);
    FindingHandler second = copy(clock);
    ExecutorService copies = Executors.newFixedThreadPool(2);
    List<Future<String>> answers = new ArrayList<>();
    for (int batch = 0; batch < FINDINGS / 10; batch++) {
      String[] events = new String[10];
      for (int i = 0; i < 10; i++) {
        events[i] = low("storm-" + batch + "-" + i);
      }
      FindingHandler handler = batch % 2 == 0 ? first : second;
      answers.add(copies.submit(() -> invoke(handler, TestApp.sqsBatch(events))));
    }
    for (Future<String> answer : answers) {
      assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("{\"batchItemFailures\":[]}");
    }
    copies.shutdown();

    // The clock stands still: the first single messages go out at once, the later ones' turns at Slack's pace
    // are seconds away, so they are handed on to the queue, due at their turns.
    List<String> decided = decisions().stream().map(d -> d.path("decision").asText()).toList();
    assertThat(decided).containsOnly("posted", "scheduled", "digested");
    assertThat(decided).filteredOn("digested"::equals).hasSize(FINDINGS - THRESHOLD);
    long scheduled = decided.stream().filter("scheduled"::equals).count();
    assertThat(slack.count() + scheduled).as("the threshold, and nothing more, singly").isEqualTo(THRESHOLD);
    assertThat(scheduled).as("a turn more than %s away", StormGuard.PATIENCE).isPositive();

    List<Message> own = new ArrayList<>();
    for (int i = 0; i < 3 && own.size() < scheduled + 1; i++) {
      own.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(20).maxNumberOfMessages(10))
          .messages());
    }
    List<String> turns = own.stream().map(Message::body).filter(b -> b.contains("\"single\"")).toList();
    List<Message> triggers = own.stream().filter(m -> m.body().contains("\"digest\"")).toList();
    assertThat(turns).as("each handed on once").hasSize((int) scheduled);
    assertThat(invoke(first, TestApp.sqsBatch(turns.toArray(String[]::new)))).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(slack.count()).as("at their turns, the rest of the threshold").isEqualTo(THRESHOLD);
    assertThat(triggers).as("one trigger, however many copies held findings").hasSize(1);
    assertThat(TestApp.MAPPER.readTree(triggers.get(0).body())).isEqualTo(TestApp.MAPPER.readTree(
        "{\"guardduty-slack\":\"digest\",\"destination\":\"LOW\",\"windowStart\":\"2026-11-29T12:00:00Z\","
            + "\"windowMinutes\":1}"));

    clock.advance(Duration.ofSeconds(20));
    FindingHandler coldStart = copy(clock);
    FindingHandler another = copy(clock);
    String batch = TestApp.sqsBatch(triggers.get(0).body());
    ExecutorService both = Executors.newFixedThreadPool(2);
    Future<String> one = both.submit(() -> invoke(coldStart, batch));
    Future<String> two = both.submit(() -> invoke(another, batch));
    assertThat(one.get(60, TimeUnit.SECONDS)).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(two.get(60, TimeUnit.SECONDS)).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(invoke(coldStart, batch)).as("a redelivered trigger").isEqualTo("{\"batchItemFailures\":[]}");
    both.shutdown();

    assertThat(slack.count()).as("one digest, once").isEqualTo(THRESHOLD + 1);
    RecordedRequest digest = slack.posts().get(THRESHOLD);
    assertThat(digest.getUrl().encodedPath()).isEqualTo("/low");
    JsonNode message = TestApp.MAPPER.readTree(digest.getBody().utf8());
    SlackPayloadAssertions.assertValidAndSafe(message);
    assertThat(message.path("text").asText()).isEqualTo("GuardDuty digest: 40 findings in 1 minute; 5 posted singly,"
        + " 35 held back (LOW)");
    assertThat(message.at("/attachments/0/blocks/2/fields/3/text").asText()).isEqualTo("*LOW*\n35");
    assertThat(decisions()).extracting(d -> d.path("decision").asText())
        .filteredOn(d -> d.startsWith("digest_")).containsExactlyInAnyOrder("digest_posted", "digest_pending",
            "digest_pending");
    assertThat(decisions()).extracting(d -> d.path("decision").asText()).filteredOn("posted"::equals)
        .hasSize(THRESHOLD);
  }
}
