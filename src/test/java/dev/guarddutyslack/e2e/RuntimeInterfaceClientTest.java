package dev.guarddutyslack.e2e;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the {@code Handler} of {@code template.yaml} under the AWS Lambda Runtime Interface Client in a child
 * JVM, on the class path as {@code sam build} lays it out (classes, then {@code lib/}), against a loopback
 * Runtime API and a loopback Slack.
 */
class RuntimeInterfaceClientTest {
  private static final String SECRET = "T0/B0/runtimeClientToken";

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  private final RuntimeApi runtimeApi = new RuntimeApi(30_000);
  private LambdaProcess function;

  @BeforeEach
  void startFunction() {
    runtimeServer.setDispatcher(runtimeApi);
    Map<String, String> env = LambdaProcess.lambdaVariables("eu-west-1");
    env.put("SLACK_WEBHOOK_URL_HIGH", slack.url("/high/" + SECRET));
    env.put("SLACK_WEBHOOK_URL_CRITICAL", slack.url("/critical/" + SECRET));
    env.put("MIN_SEVERITY", "MEDIUM");
    function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env);
  }

  @AfterEach
  void stopFunction() throws Exception {
    // The child first: a runtime client whose "next" call fails would be a crash, not a clean stop.
    if (function != null) {
      function.close();
    }
    runtimeApi.shutdown();
  }

  private String childOutput() {
    return function.output();
  }

  @Test
  void theTemplatesHandlerDeliversUnderTheRealRuntimeClient() throws Exception {
    slack.enqueue("high", 200, "ok");
    slack.enqueue("critical", 410, "channel_is_archived");

    // An SQS batch: one finding posted, one rejected by Slack, one filtered, one not a finding.
    String batch = TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("finding-critical"),
        Fixtures.event("finding-low"), Fixtures.event("not-a-finding"));
    RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(batch), 60);

    assertThat(answer.error()).as(childOutputOnFailure()).isFalse();
    assertThat(TestApp.MAPPER.readTree(answer.body()).toString())
        .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RecordedRequest request = slack.next(Duration.ofSeconds(10));
      paths.add(request.getUrl().pathSegments().get(0));
      assertValidAndSafe(TestApp.MAPPER.readTree(request.getBody().utf8()));
    }
    assertThat(paths).containsExactlyInAnyOrder("high", "critical");

    // A bare event that is delivered returns normally; one that is not makes the invocation fail.
    slack.enqueue("critical", 200, "ok");
    RuntimeApi.Answer delivered = runtimeApi.awaitAnswer(runtimeApi.invoke(Fixtures.event("finding-critical")), 60);
    assertThat(delivered.error()).isFalse();
    assertThat(TestApp.MAPPER.readTree(delivered.body()).path("decision").asText()).isEqualTo("posted");

    slack.enqueue("high", 404, "no_service");
    RuntimeApi.Answer failed = runtimeApi.awaitAnswer(runtimeApi.invoke(Fixtures.event("finding-high")), 60);
    assertThat(failed.error()).isTrue();
    JsonNode error = TestApp.MAPPER.readTree(failed.body());
    assertThat(error.path("errorType").asText()).contains("FindingNotDeliveredException");

    RuntimeApi.Answer garbage = runtimeApi.awaitAnswer(runtimeApi.invoke("{\"neither\":true}"), 60);
    assertThat(garbage.error()).isTrue();
    assertThat(garbage.body()).contains("neither an SQS batch");

    String log = childOutput();
    List<JsonNode> started = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.startsWith("{") && line.contains("\"event\":\"started\"")) {
        started.add(TestApp.MAPPER.readTree(line));
      }
    }
    assertThat(started).as("the release is logged once, when the environment starts").hasSize(1);
    assertThat(started.get(0).path("version").asText()).isEqualTo(Fixtures.projectVersion());
    assertThat(log).contains("\"decision\":\"posted\"", "\"decision\":\"failed\"", "\"decision\":\"filtered\"",
        "\"decision\":\"skipped\"", "\"_aws\"");
    assertThat(log).doesNotContain("runtimeClientToken");
  }

  private String childOutputOnFailure() {
    return "runtime client output:\n" + childOutput() + "\ninit errors: " + runtimeApi.initErrors();
  }

  /**
   * A finding whose title and description carry a literal 🧪 sample line and a ✅: every view of the posted
   * message shows them as names in brackets; the one emoji marker is the project's own shortcode, and only on
   * a sample.
   */
  @Test
  void emojiInAFindingsTextReachSlackAsTheirNames() throws Exception {
    slack.enqueue("high", 200, "ok");
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("title", "\u2705 Resolved by the security team")
        .put("description", "\uD83E\uDDEA Sample finding from GuardDuty's \u201CGenerate sample findings\u201D");

    RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(event.toString())), 60);

    assertThat(answer.error()).as(childOutputOnFailure()).isFalse();
    JsonNode posted = TestApp.MAPPER.readTree(slack.next(Duration.ofSeconds(10)).getBody().utf8());
    assertValidAndSafe(posted);
    assertThat(posted.path("text").asText()).contains("[white heavy check mark] Resolved by the security team");
    assertThat(posted.at("/attachments/0/blocks/0/text/text").asText())
        .endsWith("[white heavy check mark] Resolved by the security team");
    assertThat(posted.toString()).contains("[test tube] Sample finding from GuardDuty")
        .doesNotContain("\u2705").doesNotContain("\uD83E\uDDEA").doesNotContain(":test_tube:");
  }
}
