package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.AwsCli;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The redrive (docs/multi-region.md) of a forwarder's dead-letter queue, run as written with the AWS CLI against SQS on
 * moto, with the forwarder in another account than the central stack: the forwarder account's profile reads
 * and deletes, the central account's sends (the central queue admits only its own rule from outside its
 * account). Every message moves unchanged, and the function posts each as the finding of its own region.
 * EventBridge puts the undelivered event itself in the message body, with the reason in message attributes.
 *
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html">EventBridge: dead-letter queues</a>
 * @see <a href="https://docs.getmoto.org/en/latest/docs/multi_account.html">moto: accounts by assumed role</a>
 */
@ExtendWith(Moto.class)
class ForwarderRedriveTest {
  private static final String FORWARDING_REGION = "ap-southeast-2";
  private static final String FORWARDER_ACCOUNT = "222233334444";

  @StartStop
  private final MockWebServer slack = MockServers.create();

  @Test
  void theReadmesRedriveMovesEveryFindingAcrossAccountsToTheCentralQueueUnchanged() throws Exception {
    AwsCli.require("the documented forwarder redrive");
    Map<String, String> profiles = profiles();
    Map<String, String> forwarder = new HashMap<>(profiles);
    forwarder.put("AWS_PROFILE", "forwarder");
    Map<String, String> central = new HashMap<>(profiles);
    central.put("AWS_PROFILE", "central");
    assertThat(AwsCli.aws(forwarder, FORWARDING_REGION, "sts", "get-caller-identity", "--query", "Account",
        "--output", "text").strip()).as("the forwarder's profile is another account").isEqualTo(FORWARDER_ACCOUNT);

    String dlq = AwsCli.aws(forwarder, FORWARDING_REGION, "sqs", "create-queue", "--queue-name",
        "forwarder-dlq-" + System.nanoTime(), "--query", "QueueUrl", "--output", "text").strip();
    String findings = AwsCli.aws(central, Moto.REGION, "sqs", "create-queue", "--queue-name",
        "findings-" + System.nanoTime(), "--query", "QueueUrl", "--output", "text").strip();
    assertThat(dlq).contains(FORWARDER_ACCOUNT);
    assertThat(findings).doesNotContain(FORWARDER_ACCOUNT);
    List<String> events = new ArrayList<>();
    for (String fixture : List.of("finding-critical", "finding-high", "finding-low")) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(
          Fixtures.event(fixture).replace(Moto.REGION, FORWARDING_REGION));
      events.add(event.toString());
      AwsCli.aws(forwarder, FORWARDING_REGION, "sqs", "send-message", "--queue-url", dlq, "--message-body",
          event.toString(), "--message-attributes",
          "{\"ERROR_CODE\":{\"DataType\":\"String\",\"StringValue\":\"NO_PERMISSIONS\"}}");
    }

    Map<String, String> env = new HashMap<>(profiles);
    env.put("REGION", FORWARDING_REGION);
    env.put("CENTRAL_REGION", Moto.REGION);
    env.put("FORWARDER_DLQ", dlq);
    env.put("FINDINGS_QUEUE", findings);
    env.put("FORWARDER_PROFILE", "forwarder");
    env.put("CENTRAL_PROFILE", "central");
    String output = AwsCli.shell(Readme.block("forwarder-redrive"), env);

    List<String> moved = new ArrayList<>();
    for (int i = 0; i < 5 && moved.size() < events.size(); i++) {
      JsonNode received = TestApp.MAPPER.readTree(AwsCli.aws(central, Moto.REGION, "sqs", "receive-message",
          "--queue-url", findings, "--max-number-of-messages", "10", "--visibility-timeout", "300"));
      received.path("Messages").forEach(m -> moved.add(m.path("Body").asText()));
    }
    assertThat(moved).as(output).containsExactlyInAnyOrderElementsOf(events);
    // Deleted, not only hidden for the visibility timeout the redrive received them with.
    assertThat(AwsCli.aws(forwarder, FORWARDING_REGION, "sqs", "get-queue-attributes", "--queue-url", dlq,
        "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "--query",
        "[Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible]",
        "--output", "text").strip()).as("the dead-letter queue is empty").isEqualTo("0\t0");

    for (int i = 0; i < events.size(); i++) {
      slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    }
    try (TestApp app = new TestApp(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString(), "MIN_SEVERITY", "LOW"),
        new FakeTicker())) {
      assertThat(app.invoke(TestApp.sqsBatch(moved.toArray(String[]::new)))).isEqualTo("{\"batchItemFailures\":[]}");
    }
    for (int i = 0; i < events.size(); i++) {
      RecordedRequest post = slack.takeRequest(5, TimeUnit.SECONDS);
      assertThat(post).isNotNull();
      assertThat(TestApp.MAPPER.readTree(post.getBody().utf8()).path("text").asText()).contains(FORWARDING_REGION);
    }
  }

  /**
   * Two AWS CLI profiles on moto: {@code central}, the emulator's default account, and {@code forwarder}, a
   * role assumed in another account (moto serves each account's own queues to its credentials). Only these
   * profiles: the variables hold no credentials, so a command without a profile would fail.
   */
  private static Map<String, String> profiles() throws Exception {
    JsonNode assumed = TestApp.MAPPER.readTree(AwsCli.aws(Moto.REGION, "sts", "assume-role", "--role-arn",
        "arn:aws:iam::" + FORWARDER_ACCOUNT + ":role/guardduty-slack-redrive", "--role-session-name", "redrive"));
    JsonNode credentials = assumed.path("Credentials");
    Path config = Files.createTempFile("aws-config", "");
    config.toFile().deleteOnExit();
    Files.writeString(config, String.join("\n", List.of(
        "[profile central]", "aws_access_key_id = testing", "aws_secret_access_key = testing",
        "[profile forwarder]",
        "aws_access_key_id = " + credentials.path("AccessKeyId").asText(),
        "aws_secret_access_key = " + credentials.path("SecretAccessKey").asText(),
        "aws_session_token = " + credentials.path("SessionToken").asText(), "")));
    Map<String, String> env = new HashMap<>();
    env.put("AWS_CONFIG_FILE", config.toString());
    env.put("AWS_ACCESS_KEY_ID", "");
    env.put("AWS_SECRET_ACCESS_KEY", "");
    return env;
  }
}
