package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.GuardDutyStandIn;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.SlackClicks;
import dev.guarddutyslack.testing.SlackWebApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import dev.guarddutyslack.testing.Template;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Slack app mode as deployed: the channel and the bot token in the stack's secret (moto), the deduplication table
 * on moto, the template's handler under the runtime client, and the strict Web API double for Slack. The message
 * goes to the channel with its metadata, and its channel and {@code ts} are kept with the finding's record; a
 * token Slack no longer takes keeps the finding in the queue and says what to fix, never the token.
 */
@ExtendWith(Moto.class)
class AppModeRuntimeTest {
  private static final String SECURITY = "C0SECURITY1";
  private static final String ONCALL = "C0ONCALL001";

  @RegisterExtension
  final SlackWebApi slack = new SlackWebApi(SECURITY, ONCALL);
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  private Map<String, String> environment(TestAws.Deployed deployed) {
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.putAll(deployed.environment());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack");
    env.put("SLACK_API_URL", slack.url());
    return env;
  }

  /** What a test does with the function running: its runtime API, and the function for its output. */
  @FunctionalInterface
  private interface WithFunction {
    void run(RuntimeApi runtimeApi, LambdaProcess function) throws Exception;
  }

  /** Runs the template's handler under the runtime client with these variables while {@code test} runs. */
  private void withFunction(Map<String, String> env, WithFunction test) throws Exception {
    RuntimeApi runtimeApi = new RuntimeApi(30_000);
    runtimeServer.setDispatcher(runtimeApi);
    try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env)) {
      test.run(runtimeApi, function);
    } finally {
      runtimeApi.shutdown();
    }
  }

  /** Invokes the function with the batch and expects every record to be done with (no item reported for a retry). */
  private static void handled(RuntimeApi runtimeApi, LambdaProcess function, String batch) throws Exception {
    assertThat(runtimeApi.awaitAnswer(runtimeApi.invoke(batch), 60).body()).as(function.output())
        .isEqualTo("{\"batchItemFailures\":[]}");
  }

  private static TestAws.Deployed appDeployment() {
    TestAws.Deployed deployed = TestAws.deployed("app", "https://hooks.slack.com/services/T0/B0/unused");
    try (SecretsManagerClient secrets = TestAws.secretsManager()) {
      secrets.putSecretValue(b -> b.secretId(deployed.secretId()).secretString("{\"channel:DEFAULT\":\"" + SECURITY
          + "\",\"BOT_TOKEN\":\"" + SlackWebApi.TOKEN + "\"}"));
    }
    return deployed;
  }

  @Test
  void theFindingIsPostedToTheChannelAndItsMessageIsKeptWithTheRecord() throws Exception {
    try (TestAws.Deployed deployed = appDeployment()) {
      withFunction(environment(deployed), (runtimeApi, function) -> {
        RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(
            TestApp.sqsBatch(Fixtures.event("finding-high"))), 60);

        assertThat(answer.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[]}");
        List<SlackWebApi.Message> messages = slack.messages();
        assertThat(messages).hasSize(1);
        SlackWebApi.Message message = messages.get(0);
        assertThat(message.channel()).isEqualTo(SECURITY);
        assertThat(message.body().at("/metadata/event_type").asText()).isEqualTo("guardduty_finding");
        try (DynamoDbClient dynamo = TestAws.dynamoDb()) {
          List<Map<String, AttributeValue>> items = dynamo.scan(b -> b.tableName(deployed.table())).items();
          assertThat(items).filteredOn(i -> i.containsKey("slackTs") && !i.get("pk").s().startsWith("message#")).singleElement().satisfies(item -> {
            assertThat(item.get("slackChannel").s()).isEqualTo(SECURITY);
            assertThat(item.get("slackTs").s()).isEqualTo(message.ts());
          });
        }
        assertThat(function.output()).contains("\"decision\":\"posted\"").doesNotContain(SlackWebApi.TOKEN);
      });
    }
  }

  @Test
  void aRevokedTokenKeepsTheFindingInTheQueueAndSaysWhatToFix() throws Exception {
    slack.revokeToken();
    try (TestAws.Deployed deployed = appDeployment()) {
      withFunction(environment(deployed), (runtimeApi, function) -> {
        RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(
            TestApp.sqsBatch(Fixtures.event("finding-high"))), 60);

        assertThat(answer.body()).as(function.output()).contains("batchItemFailures").contains("itemIdentifier");
        assertThat(function.output()).contains("token_revoked", "put the app's current token in BOT_TOKEN",
            "\"decision\":\"failed\"").doesNotContain(SlackWebApi.TOKEN);
        assertThat(slack.messages()).isEmpty();
      });
    }
  }

  /** The finding of {@code events/finding-high.json} at another severity, count and update time. */
  private static String update(double severity, long count, String updatedAt) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode)
        TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
    com.fasterxml.jackson.databind.node.ObjectNode detail = (com.fasterxml.jackson.databind.node.ObjectNode)
        event.get("detail");
    detail.put("severity", severity).put("updatedAt", updatedAt);
    ((com.fasterxml.jackson.databind.node.ObjectNode) detail.get("service")).put("count", count)
        .put("eventLastSeen", updatedAt);
    return TestApp.sqsBatch(event.toString());
  }

  /**
   * One finding that recurs and escalates: MEDIUM, then HIGH (the message is edited in place and a reply in its
   * thread, shown in the channel too, says what changed), then, after someone deleted the message, CRITICAL (a
   * fresh message takes its place, and the record names it).
   */
  @Test
  void aFindingThatEscalatesIsOneMessageEditedInPlaceWithItsHistoryInTheThread() throws Exception {
    try (TestAws.Deployed deployed = appDeployment()) {
      Map<String, String> env = environment(deployed);
      env.put("MIN_SEVERITY", "LOW");
      withFunction(env, (runtimeApi, function) -> {
        handled(runtimeApi, function, update(5.0, 1, "2026-11-20T10:00:00.000Z"));
        String first = slack.messages().get(0).ts();

        handled(runtimeApi, function, update(8.0, 37, "2026-11-20T11:00:00.000Z"));

        assertThat(slack.messages()).as("still one message").singleElement().satisfies(m -> {
          assertThat(m.ts()).isEqualTo(first);
          assertThat(m.body().path("text").asText()).startsWith("GuardDuty HIGH 8.0:");
          assertThat(m.body().at("/metadata/event_payload/severity").asDouble()).isEqualTo(8.0);
        });
        assertThat(slack.edits()).hasSize(1);
        assertThat(slack.replies(first)).singleElement().satisfies(reply -> {
          assertThat(reply.broadcast()).as("a rise is shown in the channel too").isTrue();
          assertThat(reply.body().at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(
              ":arrow_double_up: *Severity band rose* from MEDIUM to HIGH: severity 5.0 \u2192 8.0 \u00B7 count 1 \u2192 37"
                  + " \u00B7 last seen 2026-11-20 11:00:00 UTC.");
        });
        assertThat(function.output()).contains("the message was edited and the change replied in its thread");

        slack.delete(SECURITY, first);
        handled(runtimeApi, function, update(9.5, 40, "2026-11-20T12:00:00.000Z"));
        List<SlackWebApi.Message> messages = slack.messages();
        assertThat(messages).hasSize(2);
        String fresh = messages.get(1).ts();
        assertThat(messages.get(1).body().path("text").asText()).startsWith("GuardDuty CRITICAL 9.5:");
        assertThat(function.output()).contains("its earlier message is gone from the channel");
        try (DynamoDbClient dynamo = TestAws.dynamoDb()) {
          assertThat(dynamo.scan(b -> b.tableName(deployed.table())).items()).filteredOn(i -> i.containsKey("slackTs") && !i.get("pk").s().startsWith("message#"))
              .singleElement().satisfies(item -> assertThat(item.get("slackTs").s()).isEqualTo(fresh));
        }
      });
    }
  }

  /** A console change to the finding of {@code events/finding-high.json}, or another. */
  private static String console(String eventName, String feedback, String findingId) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode)
        TestApp.MAPPER.readTree(Fixtures.event("console-archive"));
    com.fasterxml.jackson.databind.node.ObjectNode detail = (com.fasterxml.jackson.databind.node.ObjectNode)
        event.get("detail");
    detail.put("eventName", eventName);
    com.fasterxml.jackson.databind.node.ObjectNode request = (com.fasterxml.jackson.databind.node.ObjectNode)
        detail.get("requestParameters");
    request.putArray("findingIds").add(findingId);
    if (feedback != null) {
      request.put("feedback", feedback);
    }
    return TestApp.sqsBatch(event.toString());
  }

  private static java.util.List<String> contextLines(com.fasterxml.jackson.databind.JsonNode message) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode block : message.at("/attachments/0/blocks")) {
      if ("context".equals(block.path("type").asText())) {
        block.path("elements").forEach(e -> lines.add(e.path("text").asText()));
      }
    }
    return lines;
  }

  /**
   * In step with GuardDuty: a finding archived in the console, then rated, edits its message (one line saying
   * what was done last, by whom and when) and records each change in the thread; a finding the app never posted
   * is left alone.
   */
  @Test
  void aChangeMadeInTheConsoleEditsTheMessageAndIsRecordedInItsThread() throws Exception {
    try (TestAws.Deployed deployed = appDeployment()) {
      withFunction(environment(deployed), (runtimeApi, function) -> {
        String none = "{\"batchItemFailures\":[]}";
        handled(runtimeApi, function, TestApp.sqsBatch(Fixtures.event("finding-high")));
        String ts = slack.messages().get(0).ts();
        String id = "d60c8da498e65e3091c69055272e2fbc";

        handled(runtimeApi, function, TestApp.sqsBatch(Fixtures.event("console-archive")));
        String archived = "*Archived in the GuardDuty console* by"
            + " `arn:aws:sts::111122223333:assumed-role/SecurityResponder/alice` at 2026-11-20 12:30:00 UTC";
        assertThat(contextLines(slack.messages().get(0).body())).contains(archived);
        assertThat(slack.replies(ts)).singleElement().satisfies(reply -> {
          assertThat(reply.broadcast()).isFalse();
          assertThat(reply.body().at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(archived);
        });

        assertThat(runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(Fixtures.event("console-archive"))), 60)
            .body()).as("the same event again (a retry)").isEqualTo(none);
        assertThat(slack.edits()).as("a retry edits nothing twice").hasSize(1);
        assertThat(slack.replies(ts)).as("and replies no second time").hasSize(1);

        handled(runtimeApi, function, console("UpdateFindingsFeedback", "USEFUL", id));
        assertThat(contextLines(slack.messages().get(0).body())).filteredOn(l -> l.contains("GuardDuty console*"))
            .singleElement().asString().startsWith("*Marked useful in the GuardDuty console* by");
        assertThat(slack.replies(ts)).hasSize(2);
        assertThat(slack.messages()).hasSize(1);

        com.fasterxml.jackson.databind.node.ObjectNode byTriage = (com.fasterxml.jackson.databind.node.ObjectNode)
            TestApp.MAPPER.readTree(Fixtures.event("console-archive"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) byTriage.get("detail")).put("userAgent", "guardduty-slack");
        assertThat(runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(byTriage.toString())), 60).body())
            .isEqualTo(none);
        assertThat(function.output()).contains("by a triage click in Slack");
        assertThat(slack.edits()).as("a triage click's own call edits nothing more").hasSize(2);

        handled(runtimeApi, function, console("ArchiveFindings", null,
            "0123456789abcdef0123456789abcdef"));
        assertThat(function.output()).contains("\"decision\":\"skipped\"", "the Slack app has no message of it");
        assertThat(slack.edits()).hasSize(2);
      });
    }
  }

  /**
   * An update inside RENOTIFY_AFTER, which a webhook deployment suppresses, edits the message in place: no new line
   * in the channel, no reply. At most once a minute: the next one is suppressed. An edit Slack refuses is given back,
   * and the retry edits.
   */
  @Test
  void anUpdateInsideTheWindowEditsTheMessageSilentlyAtMostOnceAMinute() throws Exception {
    try (TestAws.Deployed deployed = appDeployment()) {
      withFunction(environment(deployed), (runtimeApi, function) -> {
        String none = "{\"batchItemFailures\":[]}";
        handled(runtimeApi, function, update(8.0, 1, "2026-11-20T10:00:00.000Z"));
        String ts = slack.messages().get(0).ts();

        slack.revokeToken();
        String refused = runtimeApi.awaitAnswer(runtimeApi.invoke(update(8.0, 5, "2026-11-20T10:05:00.000Z")), 60)
            .body();
        assertThat(refused).as(function.output()).contains("itemIdentifier");
        assertThat(slack.edits()).isEmpty();

        slack.restoreToken();
        assertThat(runtimeApi.awaitAnswer(runtimeApi.invoke(update(8.0, 5, "2026-11-20T10:05:00.000Z")), 60).body())
            .as("the retry edits: the failed edit was given back\n" + function.output()).isEqualTo(none);
        assertThat(slack.edits()).hasSize(1);
        assertThat(slack.messages()).singleElement().satisfies(m -> {
          assertThat(m.ts()).isEqualTo(ts);
          assertThat(m.body().toString()).contains("*Count*\\n5");
        });
        assertThat(slack.replies(ts)).as("a silent edit adds nothing to the channel").isEmpty();
        assertThat(function.output()).contains("\"decision\":\"updated\"", "edited in place");

        assertThat(runtimeApi.awaitAnswer(runtimeApi.invoke(update(8.0, 9, "2026-11-20T10:06:00.000Z")), 60).body())
            .isEqualTo(none);
        assertThat(slack.edits()).as("at most one edit a minute").hasSize(1);
        assertThat(function.output()).contains("\"decision\":\"suppressed\"");
      });
    }
  }

  /** One line per block of a message, as Slack would show its text (for the record this test prints). */
  private static String shown(com.fasterxml.jackson.databind.JsonNode message) {
    StringBuilder out = new StringBuilder(message.path("text").asText()).append('\n');
    for (com.fasterxml.jackson.databind.JsonNode block : message.at("/attachments/0/blocks")) {
      String text = switch (block.path("type").asText()) {
        case "header", "section" -> block.has("fields") ? block.findValuesAsText("text").stream()
            .map(t -> t.replace('\n', ' ')).reduce((a, b) -> a + " | " + b).orElse("")
            : block.path("text").path("text").asText();
        case "context" -> String.join(" \u00B7 ", block.findValuesAsText("text"));
        case "actions" -> "[" + String.join("] [", block.findParents("action_id").stream()
            .map(b -> b.path("text").path("text").asText()).toList()) + "]";
        default -> block.path("type").asText();
      };
      out.append("  ").append(text.replace("\n", " / ")).append('\n');
    }
    return out.toString();
  }

  /**
   * A finding's whole life in one channel: it arrives MEDIUM, recurs (the message is edited quietly), escalates to
   * HIGH (edited, and a reply in its thread shown in the channel), and is archived in the console (a line in the
   * message, a reply in the thread). The channel ends with one message; its thread holds the history. The test
   * prints what the double recorded.
   */
  @Test
  void aFindingsLifeIsOneMessageAndItsThread() throws Exception {
    try (TestAws.Deployed deployed = appDeployment()) {
      withFunction(environment(deployed), (runtimeApi, function) -> {
        for (String batch : List.of(update(5.0, 1, "2026-11-20T10:00:00.000Z"), update(5.0, 5, "2026-11-20T10:05:00.000Z"),
            update(8.0, 37, "2026-11-20T11:00:00.000Z"), TestApp.sqsBatch(Fixtures.event("console-archive")))) {
          handled(runtimeApi, function, batch);
        }
        assertThat(slack.messages()).hasSize(1);
        SlackWebApi.Message message = slack.messages().get(0);
        List<SlackWebApi.Message> thread = slack.replies(message.ts());
        assertThat(thread).extracting(SlackWebApi.Message::broadcast).containsExactly(true, false);
        assertThat(thread.get(0).body().at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(
            ":arrow_double_up: *Severity band rose* from MEDIUM to HIGH: severity 5.0 \u2192 8.0 \u00B7 count 5 \u2192 37"
                + " \u00B7 last seen 2026-11-20 11:00:00 UTC.");
        assertThat(shown(message.body())).startsWith("GuardDuty HIGH 8.0:").contains("*Count* 37",
            "*Archived in the GuardDuty console* by `arn:aws:sts::111122223333:assumed-role/SecurityResponder/alice`");
        assertThat(slack.calls()).extracting(SlackWebApi.Call::method).containsExactly("chat.postMessage",
            "chat.update", "chat.update", "chat.postMessage", "chat.update", "chat.postMessage");
        StringBuilder record = new StringBuilder("The channel, as the Slack Web API double recorded it:\n");
        record.append("message ").append(message.ts()).append(":\n").append(shown(message.body()));
        for (SlackWebApi.Message reply : thread) {
          record.append("  reply ").append(reply.ts()).append(reply.broadcast() ? " (also sent to the channel)" : "")
              .append(": ").append(shown(reply.body()).replace("\n", " / ")).append('\n');
        }
        System.out.println(record);
      });
    }
  }

  /**
   * A rise that moves the finding to another channel (CRITICAL has its own): that channel gets a fresh message, and
   * the old one says where the finding went, in its last line and in its thread.
   */
  @Test
  void aRiseIntoAnotherChannelLeavesWordInTheOldMessage() throws Exception {
    try (TestAws.Deployed deployed = appDeployment()) {
      try (SecretsManagerClient secrets = TestAws.secretsManager()) {
        secrets.putSecretValue(b -> b.secretId(deployed.secretId()).secretString("{\"channel:DEFAULT\":\"" + SECURITY
            + "\",\"channel:CRITICAL\":\"" + ONCALL + "\",\"BOT_TOKEN\":\"" + SlackWebApi.TOKEN + "\"}"));
      }
      withFunction(environment(deployed), (runtimeApi, function) -> {
        handled(runtimeApi, function, update(8.0, 1, "2026-11-20T10:00:00.000Z"));
        handled(runtimeApi, function, update(9.5, 40, "2026-11-20T11:00:00.000Z"));

        List<SlackWebApi.Message> messages = slack.messages();
        assertThat(messages).extracting(SlackWebApi.Message::channel).containsExactly(SECURITY, ONCALL);
        assertThat(messages.get(1).body().path("text").asText()).startsWith("GuardDuty CRITICAL 9.5:");
        String moved = "*Moved to* `CRITICAL` as CRITICAL 9.5, and followed there from now on";
        assertThat(contextLines(messages.get(0).body())).contains(moved);
        assertThat(messages.get(0).body().path("text").asText()).as("the old message keeps what it said")
            .startsWith("GuardDuty HIGH 8.0:");
        assertThat(slack.replies(messages.get(0).ts())).singleElement().satisfies(reply ->
            assertThat(reply.body().at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(moved));
        assertThat(function.output()).contains("its old message in Channel(" + SECURITY + ") says where it went");
      });
    }
  }

  /**
   * A triage click on one copy of a finding's message (the rules send it to two channels) acts on the finding,
   * replaces the clicked copy through response_url as ever, and is handed on through the notifier's queue (moto):
   * the notifier edits both copies with chat.update (who did it, when, Unarchive in place of Archive) and replies
   * in each thread. The same notice again changes nothing; a notice whose words were changed after the triage
   * function bound them fails, edits nothing, and is left for the dead-letter queue.
   */
  @Test
  void aTriageClickEditsEveryCopyOfTheMessageAndRecordsItInEachThread() throws Exception {
    String signingSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    String team = "T0TEAM1";
    String user = "U0ALLOWED1";
    try (TestAws.Deployed deployed = appDeployment(); SqsClient sqs = TestAws.sqs();
         MockWebServer guardDutyServer = MockServers.create(); MockWebServer triageRuntime = MockServers.create()) {
      try (SecretsManagerClient secrets = TestAws.secretsManager()) {
        secrets.putSecretValue(b -> b.secretId(deployed.secretId()).secretString("{\"channel:DEFAULT\":\"" + SECURITY
            + "\",\"channel:ONCALL\":\"" + ONCALL + "\",\"BOT_TOKEN\":\"" + SlackWebApi.TOKEN + "\"}"));
      }
      String queueUrl = sqs.createQueue(b -> b.queueName("notifier-" + java.util.UUID.randomUUID())).queueUrl();
      GuardDutyStandIn guardDuty = new GuardDutyStandIn("testing", "testing");
      guardDuty.detector(Moto.REGION, "0a0b0c0d0e0f00112233445566778899");
      guardDutyServer.setDispatcher(guardDuty);
      guardDutyServer.start();
      Map<String, String> notifier = environment(deployed);
      notifier.put("ROUTES", "[{\"name\":\"on-call too\",\"to\":[\"ONCALL\"],\"continue\":true}]");
      notifier.put("TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY);
      Map<String, String> triage = LambdaProcess.lambdaVariables(Moto.REGION);
      triage.putAll(Moto.environment());
      triage.putAll(Map.of("AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:" + guardDutyServer.getPort(),
          "SLACK_SIGNING_SECRET", signingSecret, "TRIAGE_USERS", user, "SLACK_TEAM_ID", team,
          "TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY, "SLACK_RESPONSE_URL_PREFIX", slack.responseUrlPrefix(),
          "NOTIFIER_QUEUE_URL", queueUrl));
      RuntimeApi clicks = new RuntimeApi(30_000);
      triageRuntime.setDispatcher(clicks);
      triageRuntime.start();
      withFunction(notifier, (runtimeApi, function) -> {
        handled(runtimeApi, function, TestApp.sqsBatch(Fixtures.event("finding-high")));
        List<SlackWebApi.Message> copies = slack.messages();
        assertThat(copies).extracting(SlackWebApi.Message::channel).containsExactlyInAnyOrder(SECURITY, ONCALL);
        SlackWebApi.Message clicked = copies.get(0);

        String handler = Template.load().resource("TriageFunction").at("/Properties/Handler").asText();
        try (LambdaProcess triageFunction = LambdaProcess.start("127.0.0.1:" + triageRuntime.getPort(), triage,
            handler, List.of(Fixtures.BASE.resolve("target/classes").toString(),
                java.nio.file.Path.of(System.getProperty("lambda.lib", "target/lambda/lib")) + java.io.File.separator
                    + "*"), List.of())) {
          String body = SlackClicks.payload(clicked.body(), clicked.channel(), clicked.ts(), "archive", user, team,
              SlackClicks.button(clicked.body(), "archive"), slack.responseUrl(team, 1), "1767225600.1");
          RuntimeApi.Answer answer = clicks.awaitAnswer(clicks.invoke(SlackClicks.signed(body, signingSecret,
              System.currentTimeMillis() / 1000, Map.of(), "r1").toString()), 30);
          assertThat(TestApp.MAPPER.readTree(answer.body()).path("statusCode").asInt()).as(triageFunction.output())
              .isEqualTo(200);
          assertThat(triageFunction.output()).contains("\"Result\":\"done\"").doesNotContain("not handed on");
        } finally {
          clicks.shutdown();
        }
        assertThat(guardDuty.calls()).extracting(GuardDutyStandIn.Call::operation).containsExactly("ArchiveFindings");
        assertThat(slack.responses()).as("the clicked copy, replaced at once").singleElement()
            .satisfies(r -> assertThat(r.path("replace_original").asBoolean()).isTrue());

        List<software.amazon.awssdk.services.sqs.model.Message> handed = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
            .maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        assertThat(handed).as("one notice on the notifier's queue").hasSize(1);
        String notice = handed.get(0).body();
        handled(runtimeApi, function, TestApp.sqsBatch(notice));

        String line = "*Archived in Slack* by <@" + user + "> at ";
        for (SlackWebApi.Message copy : slack.messages()) {
          assertThat(contextLines(copy.body())).as(copy.channel()).anyMatch(l -> l.startsWith(line));
          assertThat(copy.body().findValuesAsText("action_id")).as(copy.channel()).contains("unarchive")
              .doesNotContain("archive");
          assertThat(slack.replies(copy.ts())).as(copy.channel()).singleElement().satisfies(reply ->
              assertThat(reply.body().at("/attachments/0/blocks/0/text/text").asText()).startsWith(line));
        }
        assertThat(slack.edits()).extracting(SlackWebApi.Call::channel).containsExactlyInAnyOrder(SECURITY, ONCALL);
        assertThat(function.output()).contains("archived in Slack: 2 messages brought up to date");

        handled(runtimeApi, function, TestApp.sqsBatch(notice));
        assertThat(slack.edits()).as("the same notice again (SQS delivers at least once)").hasSize(2);

        com.fasterxml.jackson.databind.node.ObjectNode forged =
            (com.fasterxml.jackson.databind.node.ObjectNode) TestApp.MAPPER.readTree(notice);
        forged.put("action", "unarchive");
        assertThat(runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(forged.toString())), 60).body())
            .isNotEqualTo("{\"batchItemFailures\":[]}");
        assertThat(function.output()).contains("forged: a triage notice whose MAC no button key of this stack made");
        assertThat(slack.edits()).as("a forged notice edits nothing").hasSize(2);
      });
    }
  }
}
