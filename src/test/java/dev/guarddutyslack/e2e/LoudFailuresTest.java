package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.storm.DigestTrigger;
import dev.guarddutyslack.storm.DynamoDbLedger;
import dev.guarddutyslack.storm.HeldFinding;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaHarness;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Operator mistakes and Slack faults, through the function as Lambda runs it (the runtime interface client)
 * and AWS on moto: each fails loudly (a start-up error, or a log line naming the key, resource or error
 * code), fails only the records it concerns (reported for retry, never acknowledged), and never posts a
 * finding more than twice when Slack stops answering.
 */
@ExtendWith(Moto.class)
@Execution(ExecutionMode.CONCURRENT)
class LoudFailuresTest {
  private static final String TOKEN = "T0LOUD/B0LOUD/loudfailureswebhooktoken";

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();

  private void slackAnswers(MockResponse.Builder answer) {
    slack.answer(answer);
  }

  private String webhook(String path) {
    return slack.url("/" + path + "/" + TOKEN);
  }

  @Test
  void aMistypedSecretKeyFailsTheFindingsItConcernsAndTheLogNamesTheKey() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok"));
    String secret = "guardduty-slack/typo-" + UUID.randomUUID();
    try (SecretsManagerClient secrets = TestAws.secretsManager()) {
      secrets.createSecret(b -> b.name(secret).secretString("{\"HIGH\":\"" + webhook("high") + "\",\"CRITCAL\":\""
          + webhook("critical") + "\"}"));
    }
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.put("WEBHOOKS_SECRET_ID", secret);
    try (LambdaHarness function = LambdaHarness.start(env)) {
      RuntimeApi.Answer answer = function.invoke(TestApp.sqsBatch(Fixtures.event("finding-critical"),
          Fixtures.event("finding-high")));

      assertThat(answer.error()).as(function.log()).isFalse();
      assertThat(failures(answer)).as("nothing acknowledged while the secret is wrong").containsExactly("m0", "m1");
      assertThat(slack.count()).isEqualTo(0);
      List<JsonNode> problems = lines(function.log(), "problem");
      assertThat(problems).singleElement().satisfies(p -> assertThat(p.path("message").asText())
          .contains("secret " + secret + " key CRITCAL is used by nothing"));
      assertThat(function.log()).doesNotContain(TOKEN);
    }
  }

  @Test
  void aMistypedWebhookVariableStopsTheFunctionAtStartNamingIt() throws Exception {
    try (LambdaHarness function = LambdaHarness.start(Map.of("SLACK_WEBHOOK_URL_CRIT", webhook("critical")))) {
      String error = function.initError();
      assertThat(error).contains("SLACK_WEBHOOK_URL_CRIT is read by nothing").doesNotContain(TOKEN);
    }
  }

  /** What OkHttp refuses at post time is refused at start, naming the variable and never the URL. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"port 0, http://127.0.0.1:0/services/", "port above 65535, https://hooks.slack.com:70000/services/",
      "an IPv6 zone id, https://[fe80::1%25eth0]:8443/services/"})
  void aWebhookTheHttpClientCannotPostToStopsTheFunctionAtStart(String what, String url) throws Exception {
    try (LambdaHarness function = LambdaHarness.start(Map.of("SLACK_WEBHOOK_URL_HIGH", url + TOKEN))) {
      assertThat(function.initError()).contains("SLACK_WEBHOOK_URL_HIGH is not a valid http(s) URL")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void credentialsThatCannotBeResolvedFailTheFindingsForARetryNotTheInvocation() throws Exception {
    try (MockWebServer credentials = MockServers.create();
         TestAws.Deployed deployed = TestAws.deployed("nocredentials", webhook("all"))) {
      credentials.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse.Builder().code(500).body("unavailable").build();
        }
      });
      credentials.start();
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.remove("AWS_ACCESS_KEY_ID");
      env.remove("AWS_SECRET_ACCESS_KEY");
      env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.url("/2018-06-01/credentials").toString());
      env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "token");
      env.putAll(deployed.environment());
      try (LambdaHarness function = LambdaHarness.start(env)) {
        RuntimeApi.Answer answer = function.invoke(TestApp.sqsBatch(Fixtures.event("finding-critical")));

        assertThat(answer.error()).as(function.log()).isFalse();
        assertThat(failures(answer)).containsExactly("m0");
        assertThat(decisions(function.log())).containsExactly("failed");
        assertThat(lines(function.log(), "decision").get(0).path("reason").asText())
            .contains("cannot read secret " + deployed.secretId(), "CredentialsUnavailable");
      }
    }
  }

  /**
   * Slack takes the post and answers after the 8 s read timeout, on every receive SQS makes: the first
   * receive sends one copy, the retry one more, and the third receive sends none.
   */
  @Test
  void aLateAnswerSendsAtMostTwoCopiesAcrossAllRetries() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok").headersDelay(9, TimeUnit.SECONDS));
    try (TestAws.Deployed deployed = TestAws.deployed("late", webhook("all"))) {
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(deployed.environment());
      String batch = TestApp.sqsBatch(Fixtures.event("finding-critical"));
      try (LambdaHarness function = LambdaHarness.start(env)) {
        List<List<String>> failures = new ArrayList<>();
        for (int receive = 0; receive < 3; receive++) {
          failures.add(failures(function.invoke(batch)));
        }

        assertThat(failures).containsExactly(List.of("m0"), List.of("m0"), List.of());
        assertThat(slack.count()).as("copies in the channel at most").isEqualTo(2);
        List<JsonNode> decisions = lines(function.log(), "decision");
        assertThat(decisions).extracting(d -> d.path("decision").asText())
            .containsExactly("unknown", "unknown", "suppressed");
        assertThat(decisions.get(0).path("slackError").asText()).isEqualTo("timeout_after_send");
        assertThat(decisions.get(0).path("level").asText()).isEqualTo("WARN");
      }
    }
  }

  @Test
  void anHourLongRetryAfterHandsFindingsBackAtOnceAsRateLimitedNotAsADeadline() throws Exception {
    slackAnswers(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").body("rate_limited"));
    try (LambdaHarness function = LambdaHarness.start(Map.of("SLACK_WEBHOOK_URL", webhook("all")))) {
      assertThat(failures(function.invoke(TestApp.sqsBatch(Fixtures.event("finding-critical"))))).containsExactly("m0");
      assertThat(failures(function.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"))))).containsExactly("m0");

      assertThat(slack.count()).as("nothing posted while Slack asked to wait").isEqualTo(1);
      List<JsonNode> decisions = lines(function.log(), "decision");
      assertThat(decisions).extracting(d -> d.path("decision").asText()).containsExactly("rate_limited", "rate_limited");
      assertThat(decisions.get(1).path("slackError").asText()).isEqualTo("rate_limited");
      assertThat(decisions.get(1).path("attempts").asInt()).isZero();
      assertThat(decisions.get(1).path("retryAfterSeconds").asLong()).isBetween(3500L, 3600L);
      assertThat(function.log()).contains("\"FindingsRateLimited\":1");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"a table that does not exist, DEDUP_TABLE, DynamoDB table",
      "a secret that does not exist, WEBHOOKS_SECRET_ID, cannot read secret"})
  void aResourceSetUpWrongIsNamedOnceWithItsErrorCodeAndEveryFindingRetried(String what, String variable,
                                                                           String named) throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok"));
    try (TestAws.Deployed deployed = TestAws.deployed("wrong", webhook("all"))) {
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(deployed.environment());
      String missing = "guardduty-slack-missing-" + UUID.randomUUID();
      env.put(variable, missing);
      try (LambdaHarness function = LambdaHarness.start(env)) {
        String batch = TestApp.sqsBatch(Fixtures.event("finding-critical"), Fixtures.event("finding-high"));
        assertThat(failures(function.invoke(batch))).containsExactly("m0", "m1");
        assertThat(failures(function.invoke(batch))).containsExactly("m0", "m1");

        assertThat(slack.count()).isEqualTo(0);
        assertThat(lines(function.log(), "decision")).allSatisfy(d -> assertThat(d.path("reason").asText())
            .contains(missing, "ResourceNotFoundException"));
        assertThat(lines(function.log(), "problem")).as("one line for the operator, not one per finding")
            .singleElement().satisfies(p -> assertThat(p.path("message").asText()).contains(named, missing,
                "ResourceNotFoundException"));
      }
    }
  }

  @Test
  void aForgedUpdateTimeIsTreatedAsAbsentAndTheLogSaysSo() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok"));
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-critical"));
    ((ObjectNode) event.get("detail")).put("updatedAt", "+999999999-12-31T23:59:59Z");
    try (TestAws.Deployed deployed = TestAws.deployed("forged", webhook("all"))) {
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(deployed.environment());
      try (LambdaHarness function = LambdaHarness.start(env)) {
        assertThat(failures(function.invoke(TestApp.sqsBatch(event.toString())))).isEmpty();

        assertThat(decisions(function.log())).containsExactly("posted");
        assertThat(function.log()).contains("updatedAt is not a time from 2000 to 2200; treated as absent");
      }
    }
  }

  @Test
  void objectsThatAreNoEventsFailAloneAndSnsNotificationsAreUnwrapped() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok"));
    try (LambdaHarness function = LambdaHarness.start(Map.of("SLACK_WEBHOOK_URL", webhook("all")))) {
      RuntimeApi.Answer answer = function.invoke(TestApp.sqsBatch("{}",
          Fixtures.sns(Fixtures.event("finding-critical")), Fixtures.event("not-a-finding"),
          "{\"Records\":\"not SQS\",\"id\":1}"));

      assertThat(failures(answer)).as("the objects that are no events reach the dead-letter queue")
          .containsExactly("m0", "m3");
      assertThat(decisions(function.log())).containsExactlyInAnyOrder("failed", "posted", "skipped", "failed");
      assertThat(slack.count()).isEqualTo(1);
    }
  }

  /**
   * After Slack says {@code Retry-After: 3600} on a webhook CRITICAL shares, a CRITICAL record must not burn its
   * receives while the wait lasts: it is hidden until the wait ends ({@code ChangeMessageVisibility}), and the
   * log says when it is visible again. Received here with a visibility of one second, it would otherwise be back
   * within the three-second receive that follows.
   */
  @Test
  void aRecordSlackAskedToWaitAnHourForIsHiddenUntilThen() throws Exception {
    slackAnswers(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").body("rate_limited"));
    try (TestAws.Deployed deployed = TestAws.deployed("wait", webhook("all")); SqsClient sqs = TestAws.sqs()) {
      String queueUrl = sqs.createQueue(b -> b.queueName("guardduty-slack-wait-" + UUID.randomUUID())).queueUrl();
      String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(Fixtures.event("finding-critical")));
      Message received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(1)).messages().get(0);
      ObjectNode batch = (ObjectNode) TestApp.MAPPER.readTree(TestApp.sqsBatch(received.body()));
      ((ObjectNode) batch.at("/Records/0")).put("messageId", received.messageId())
          .put("receiptHandle", received.receiptHandle()).put("eventSourceARN", queueArn);
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(deployed.environment());
      try (LambdaHarness function = LambdaHarness.start(env)) {
        Instant before = Instant.now();
        assertThat(failures(function.invoke(batch.toString()))).containsExactly(received.messageId());

        assertThat(lines(function.log(), "visibleAgainAt")).singleElement().satisfies(line -> {
          assertThat(line.path("messageId").asText()).isEqualTo(received.messageId());
          assertThat(Instant.parse(line.path("visibleAgainAt").asText()))
              .isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3600));
        });
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(3)).messages())
            .as("not received again while Slack's wait lasts").isEmpty();
      } finally {
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
      }
    }
  }

  /** Without deduplication nothing counts the copies: the log says so, rather than "1 of at most 2". */
  @Test
  void withoutDeduplicationALateAnswerSaysEveryRetrySendsAnotherCopy() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok").headersDelay(9, TimeUnit.SECONDS));
    try (LambdaHarness function = LambdaHarness.start(Map.of("SLACK_WEBHOOK_URL", webhook("all")))) {
      assertThat(failures(function.invoke(TestApp.sqsBatch(Fixtures.event("finding-critical"))))).containsExactly("m0");
      assertThat(lines(function.log(), "decision")).singleElement().satisfies(d -> {
        assertThat(d.path("decision").asText()).isEqualTo("unknown");
        assertThat(d.path("reason").asText()).endsWith("without deduplication every retry of the record sends"
            + " another copy").doesNotContain("of at most");
      });
    }
  }

  /**
   * Mistakes an operator makes, each stopping the function at start with a message that names the variable or
   * rule field and says what is accepted; several at once are all listed, the rules' first.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a time of day in until | ROUTES=[{\"name\":\"quiet\",\"mute\":\"x\",\"until\":\"2027-01-31T10:00:00Z\"}]"
          + " | ROUTES[0].until: \"2027-01-31T10:00:00Z\" is not a date: until takes the last day the rule applies,"
          + " in UTC, as YYYY-MM-DD (such as 2027-01-31), without a time of day",
      "a variable in lower case | slack_webhook_url_critical=https://hooks.example/x"
          + " | slack_webhook_url_critical is read by nothing",
      "several problems | MIN_SEVERITY=SEVERE;STORM_WINDOW=PT90M;slack_webhook_url_critical=https://hooks.example/x;ROUTES=[{\"name\":\"a\",\"to\":\"x\"},"
          + "{\"name\":\"b\",\"mute\":\"\"}] | 5 configuration problems:"})
  void aConfigurationMistakeStopsTheStartNamingWhatIsAccepted(String what, String variables, String message)
      throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("SLACK_WEBHOOK_URL", webhook("all")));
    for (String pair : variables.split(";")) {
      env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    try (LambdaHarness function = LambdaHarness.start(env)) {
      String error = TestApp.MAPPER.readTree(function.initError()).path("errorMessage").asText();
      assertThat(error).as(what).contains(message).doesNotContain(TOKEN);
      if (what.equals("several problems")) {
        assertThat(error.split("\n  - ")).extracting(line -> line.replaceAll(":.*", "")).containsExactly(
            "5 configuration problems", "ROUTES[0].to", "ROUTES[1].mute", "MIN_SEVERITY must be LOW, MEDIUM, HIGH,"
                + " CRITICAL or a decimal number from 0 to 10", "slack_webhook_url_critical is read by nothing",
            "STORM_WINDOW must be whole minutes from PT1M to PT60M");
      }
    }
  }

  /** A stack's state table and findings queue on moto, with the storm guard's variables, dropped on close. */
  private record StormStack(String table, String queueUrl, DynamoDbClient dynamo, SqsClient sqs)
      implements AutoCloseable {
    static StormStack create() {
      DynamoDbClient dynamo = TestAws.dynamoDb();
      SqsClient sqs = TestAws.sqs();
      String table = "guardduty-slack-digest-" + UUID.randomUUID();
      TestAws.stateTable(dynamo, table);
      String queueUrl = sqs.createQueue(b -> b.queueName("guardduty-slack-digest-" + UUID.randomUUID())).queueUrl();
      return new StormStack(table, queueUrl, dynamo, sqs);
    }

    Map<String, String> environment(String webhook) {
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(Map.of("SLACK_WEBHOOK_URL_LOW", webhook, "MIN_SEVERITY", "LOW", "STORM_TABLE", table,
          "DIGEST_QUEUE_URL", queueUrl, "STORM_THRESHOLD", "1"));
      return env;
    }

    /** How many messages the queue has, visible or delayed: a trigger sent again would be one. */
    int queued() {
      Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
      return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    @Override
    public void close() {
      dynamo.deleteTable(b -> b.tableName(table));
      sqs.deleteQueue(b -> b.queueUrl(queueUrl));
      dynamo.close();
      sqs.close();
    }
  }

  /**
   * A digest is delivered like a finding: Slack takes it and answers after the 8 s read timeout, on every receive.
   * The first receive sends one copy, the retry one more, the third none; each is logged {@code digest_unknown}
   * with {@code timeout_after_send} and counted ({@code DigestsUnknown}).
   */
  @Test
  void aDigestSlackTakesWithoutAnsweringIsSentAtMostTwiceAcrossAllRetries() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok").headersDelay(9, TimeUnit.SECONDS));
    try (StormStack stack = StormStack.create()) {
      // A window that closed ten minutes ago, with one finding held back in it.
      Window window = Window.containing("LOW", Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(5));
      new DynamoDbLedger(new DynamoDb(stack.table(), StateTable.KEY, TestAws.client(AwsService.DYNAMODB)),
          TestApp.JSON, Clock.systemUTC()).hold(window, new HeldFinding("d".repeat(32), "Recon:EC2/Portscan",
          "A port scan", "111122223333", "eu-west-1", "aws", 2.0), Duration.ofSeconds(5));
      String trigger = TestApp.sqsBatch(DigestTrigger.write(TestApp.JSON, window));
      try (LambdaHarness function = LambdaHarness.start(stack.environment(webhook("low")))) {
        List<List<String>> failures = new ArrayList<>();
        for (int receive = 0; receive < 3; receive++) {
          failures.add(failures(function.invoke(trigger)));
        }

        assertThat(failures).containsExactly(List.of("m0"), List.of("m0"), List.of());
        assertThat(slack.count()).as("copies in the channel at most").isEqualTo(2);
        List<JsonNode> decisions = lines(function.log(), "decision");
        assertThat(decisions).extracting(d -> d.path("decision").asText())
            .containsExactly("digest_unknown", "digest_unknown", "digest_pending");
        assertThat(decisions.get(0).path("slackError").asText()).isEqualTo("timeout_after_send");
        assertThat(decisions.get(1).path("reason").asText()).contains("(2 of at most 2 copies)");
        assertThat(decisions.get(2).path("reason").asText()).contains("sent 2 times already and Slack answered none");
        assertThat(function.log()).contains("\"DigestsUnknown\":1");
      }
    }
  }

  /**
   * A trigger sent by hand for a window in 2099 is not one the function makes: it fails to the dead-letter queue
   * instead of asking again every 15 minutes until then.
   */
  @Test
  void aDigestTriggerForAWindowFarAheadIsUnreadableAndIsNotSentAgain() throws Exception {
    slackAnswers(new MockResponse.Builder().code(200).body("ok"));
    try (StormStack stack = StormStack.create()) {
      Window future = Window.containing("LOW", Instant.parse("2099-01-01T00:00:00Z"), Duration.ofMinutes(5));
      try (LambdaHarness function = LambdaHarness.start(stack.environment(webhook("low")))) {
        RuntimeApi.Answer answer = function.invoke(TestApp.sqsBatch(DigestTrigger.write(TestApp.JSON, future)));

        assertThat(failures(answer)).containsExactly("m0");
        assertThat(lines(function.log(), "decision")).singleElement().satisfies(d -> {
          assertThat(d.path("decision").asText()).isEqualTo("failed");
          assertThat(d.path("reason").asText()).startsWith("unreadable: a digest trigger for a window that starts"
              + " more than one window ahead of now (2099-01-01T00:00:00Z)");
        });
        assertThat(stack.queued()).as("no trigger sent again").isZero();
        assertThat(slack.count()).isEqualTo(0);
      }
    }
  }

  private static List<String> failures(RuntimeApi.Answer answer) throws Exception {
    assertThat(answer.error()).as(answer.body()).isFalse();
    List<String> ids = new ArrayList<>();
    TestApp.MAPPER.readTree(answer.body()).path("batchItemFailures")
        .forEach(f -> ids.add(f.path("itemIdentifier").asText()));
    return ids;
  }

  /** The function's JSON log lines that have a field. */
  private static List<JsonNode> lines(String log, String field) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.startsWith("{") && line.contains("\"" + field + "\"")) {
        JsonNode json = TestApp.MAPPER.readTree(line);
        if (json.has(field)) {
          out.add(json);
        }
      }
    }
    return out;
  }

  private static List<String> decisions(String log) throws Exception {
    return lines(log, "decision").stream().map(d -> d.path("decision").asText()).toList();
  }
}
