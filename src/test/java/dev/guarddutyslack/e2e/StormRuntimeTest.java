package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The storm guard as deployed code runs it: the template's handler under the Lambda Runtime Interface Client,
 * two copies at once, on moto's DynamoDB and SQS, on the real clock. The copies hold findings back; the trigger
 * they sent their queue arrives after the window; a third process, started only then, posts the digest from the
 * table.
 *
 * <p>The copies run in child JVMs on the machine's clock, which no test can set, so the test chooses its window
 * instead: it starts the copies only when the current one-minute window has at least {@link #ROOM} left (waiting
 * for the next window otherwise), so that their findings fall in one window whenever the test starts.
 */
@ExtendWith(Moto.class)
class StormRuntimeTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  /** Far more than the copies take to hold their findings (about 3 s on a loaded machine). */
  private static final Duration ROOM = Duration.ofSeconds(20);

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeA = MockServers.create();
  @StartStop
  private final MockWebServer runtimeB = MockServers.create();
  @StartStop
  private final MockWebServer runtimeC = MockServers.create();

  private static String low(String id) throws Exception {
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-low"));
    ((ObjectNode) event.get("detail")).put("id", id);
    return event.toString();
  }

  /** The copy's answer; if none comes, the failure shows what the copy logged. */
  private static RuntimeApi.Answer answer(RuntimeApi api, String id, LambdaProcess copy) throws InterruptedException {
    try {
      return api.awaitAnswer(id, 90);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the copy's output:\n" + copy.output(), e);
    }
  }

  /** The window the copies will hold in: the current one if it has {@link #ROOM} left, else the next. */
  private static Window chooseWindow() throws InterruptedException {
    Window now = Window.containing("LOW", Instant.now(), WINDOW);
    Duration left = Duration.between(Instant.now(), now.end());
    if (left.compareTo(ROOM) >= 0) {
      return now;
    }
    Thread.sleep(left.toMillis() + 100);
    return Window.containing("LOW", Instant.now(), WINDOW);
  }

  @Test
  void twoCopiesHoldFindingsBackAndALaterColdStartPostsTheirDigest() throws Exception {
    String table = "guardduty-slack-storm-rt-" + UUID.randomUUID();
    try (DynamoDbClient dynamo = TestAws.dynamoDb(); SqsClient sqs = TestAws.sqs()) {
      TestAws.stateTable(dynamo, table);
      String queueUrl = sqs.createQueue(b -> b.queueName("storm-rt-" + UUID.randomUUID())).queueUrl();
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(LambdaProcess.lambdaVariables(Moto.REGION));
      env.putAll(Moto.environment());
      env.put("SLACK_WEBHOOK_URL_LOW", slack.url("/low"));
      env.put("MIN_SEVERITY", "LOW");
      env.put("DEDUP_TABLE", table);
      env.put("STORM_TABLE", table);
      env.put("DIGEST_QUEUE_URL", queueUrl);
      env.put("STORM_THRESHOLD", "2");
      env.put("STORM_WINDOW", "PT1M");

      RuntimeApi apiA = new RuntimeApi(60_000);
      RuntimeApi apiB = new RuntimeApi(60_000);
      runtimeA.setDispatcher(apiA);
      runtimeB.setDispatcher(apiB);
      StringBuilder output = new StringBuilder();
      Window window;
      try (LambdaProcess a = LambdaProcess.start("127.0.0.1:" + runtimeA.getPort(), env);
           LambdaProcess b = LambdaProcess.start("127.0.0.1:" + runtimeB.getPort(), env)) {
        window = chooseWindow();
        String idA = apiA.invoke(TestApp.sqsBatch(low("rt-0"), low("rt-1"), low("rt-2")));
        String idB = apiB.invoke(TestApp.sqsBatch(low("rt-3"), low("rt-4"), low("rt-5")));
        assertThat(answer(apiA, idA, a).body()).as(a.output()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(answer(apiB, idB, b).body()).as(b.output()).isEqualTo("{\"batchItemFailures\":[]}");
        output.append(a.output()).append(b.output());
      } finally {
        apiA.shutdown();
        apiB.shutdown();
      }
      assertThat(slack.count()).as("two singly, across both copies").isEqualTo(2);
      assertThat(output.toString().split("\"decision\":\"digested\"", -1)).hasSize(5);
      assertThat(output.toString()).as("every finding held in the window chosen")
          .contains("window " + window.start() + " (1 min)");

      // The trigger is due at the window's end plus 15 s; SQS holds it until then.
      List<Message> triggers = new ArrayList<>();
      for (int i = 0; i < 5 && triggers.isEmpty(); i++) {
        triggers.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(20)).messages());
      }
      assertThat(triggers).as("the digest trigger, after the window").hasSize(1);
      JsonNode trigger = TestApp.MAPPER.readTree(triggers.get(0).body());
      assertThat(trigger.path("destination").asText()).isEqualTo("LOW");
      assertThat(trigger.path("windowStart").asText()).isEqualTo(window.start().toString());

      RuntimeApi apiC = new RuntimeApi(60_000);
      runtimeC.setDispatcher(apiC);
      try (LambdaProcess c = LambdaProcess.start("127.0.0.1:" + runtimeC.getPort(), env)) {
        RuntimeApi.Answer answer = apiC.awaitAnswer(apiC.invoke(TestApp.sqsBatch(triggers.get(0).body())), 60);
        assertThat(answer.body()).as(c.output()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(c.output()).contains("\"decision\":\"digest_posted\"", "\"DigestsPosted\"");
      } finally {
        apiC.shutdown();
      }
      assertThat(slack.count()).isEqualTo(3);
      assertThat(slack.messages().get(2).path("text").asText())
          .isEqualTo("GuardDuty digest: 6 findings in 1 minute; 2 posted singly, 4 held back (LOW)");
      sqs.deleteQueue(r -> r.queueUrl(queueUrl));
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }
}
