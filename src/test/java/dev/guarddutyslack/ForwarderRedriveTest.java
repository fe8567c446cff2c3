package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The README's redrive of a forwarder's dead-letter queue, run as written with the AWS CLI against SQS on
 * moto: every message moves from the forwarding region's queue to the central queue, unchanged, and the
 * function posts each as the finding of its own region. EventBridge puts the undelivered event itself in
 * the message body, with the reason in message attributes.
 *
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html">EventBridge: dead-letter queues</a>
 */
@ExtendWith(Moto.class)
class ForwarderRedriveTest {
  private static final String FORWARDING_REGION = "ap-southeast-2";
  private static Path wrapper;

  @StartStop
  private final MockWebServer slack = new MockWebServer();

  @Test
  void theReadmesRedriveMovesEveryFindingToTheCentralQueueUnchanged() throws Exception {
    boolean cli = awsCli() != null;
    if (!cli) {
      System.out.println("SKIPPED: the AWS CLI is not installed; the README's forwarder redrive was not run");
    }
    assumeTrue(cli, "the AWS CLI is not installed");
    String dlq = aws(FORWARDING_REGION, "sqs", "create-queue", "--queue-name", "forwarder-dlq-" + System.nanoTime(),
        "--query", "QueueUrl", "--output", "text").strip();
    String central = aws(Moto.REGION, "sqs", "create-queue", "--queue-name", "findings-" + System.nanoTime(),
        "--query", "QueueUrl", "--output", "text").strip();
    List<String> events = new ArrayList<>();
    for (String fixture : List.of("finding-critical", "finding-high", "finding-low")) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(
          Fixtures.event(fixture).replace(Moto.REGION, FORWARDING_REGION));
      events.add(event.toString());
      aws(FORWARDING_REGION, "sqs", "send-message", "--queue-url", dlq, "--message-body", event.toString(),
          "--message-attributes", "{\"ERROR_CODE\":{\"DataType\":\"String\",\"StringValue\":\"NO_PERMISSIONS\"}}");
    }

    Map<String, String> env = new HashMap<>(Moto.environment());
    env.put("REGION", FORWARDING_REGION);
    env.put("CENTRAL_REGION", Moto.REGION);
    env.put("FORWARDER_DLQ", dlq);
    env.put("FINDINGS_QUEUE", central);
    String output = run(List.of("bash", "-c", readmeBlock()), env);

    List<String> moved = new ArrayList<>();
    for (int i = 0; i < 5 && moved.size() < events.size(); i++) {
      JsonNode received = TestApp.MAPPER.readTree(aws(Moto.REGION, "sqs", "receive-message", "--queue-url", central,
          "--max-number-of-messages", "10", "--visibility-timeout", "300"));
      received.path("Messages").forEach(m -> moved.add(m.path("Body").asText()));
    }
    assertThat(moved).as(output).containsExactlyInAnyOrderElementsOf(events);
    // Deleted, not only hidden for the visibility timeout the redrive received them with.
    assertThat(aws(FORWARDING_REGION, "sqs", "get-queue-attributes", "--queue-url", dlq, "--attribute-names",
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "--query",
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

  /** The shell block that follows the README's {@code forwarder-redrive} marker. */
  private static String readmeBlock() {
    String readme = Fixtures.read(Fixtures.BASE.resolve("README.md"));
    int marker = readme.indexOf("<!-- forwarder-redrive");
    assertThat(marker).as("the README has the forwarder redrive").isNotNegative();
    int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }

  private static String aws(String region, String... args) throws Exception {
    // The wrapper by its path: a child's PATH does not decide which program Java starts.
    List<String> command = new ArrayList<>(List.of(wrapper().toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--region", region));
    return run(command, Moto.environment());
  }

  private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    Path out = Files.createTempFile("aws", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      // Only the CLI on PATH and the emulator: no profile, no credentials of the machine's user.
      builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
      builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
      builder.environment().put("AWS_PAGER", "");
      builder.environment().put("PATH", awsOnPath());
      Process process = builder.start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      String output = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
      return output;
    } finally {
      Files.delete(out);
    }
  }

  /** The AWS CLI (v1 or v2) as a shell command: {@code aws} on PATH, or python3's awscli module; null if neither. */
  private static String awsCli() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path aws = Path.of(dir.isEmpty() ? "." : dir, "aws");
      if (Files.isExecutable(aws) && !Files.isDirectory(aws)) {
        return "'" + aws.toAbsolutePath() + "'";
      }
    }
    return SamTransform.pythonCan("import awscli") ? "python3 -m awscli" : null;
  }

  /**
   * The README runs {@code aws}; here that is a wrapper that runs the installed AWS CLI, always with the
   * emulator's endpoint (CLI v1 does not read {@code AWS_ENDPOINT_URL}), so that nothing can reach AWS.
   */
  private static synchronized Path wrapper() throws IOException {
    if (wrapper == null) {
      Path dir = Files.createTempDirectory("aws-cli");
      Path file = dir.resolve("aws");
      Files.writeString(file, "#!/bin/sh\nexec " + awsCli() + " --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"\n");
      assertThat(file.toFile().setExecutable(true)).isTrue();
      dir.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      wrapper = file;
    }
    return wrapper;
  }

  /** PATH with the wrapper first, for the README's shell block. */
  private static String awsOnPath() throws IOException {
    return wrapper().getParent() + File.pathSeparator + System.getenv("PATH");
  }
}
