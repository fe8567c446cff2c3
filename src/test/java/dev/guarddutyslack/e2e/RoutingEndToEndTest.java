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
import java.util.TreeMap;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing as deployed code runs it: the template's handler under the Lambda Runtime Interface Client in a
 * child JVM, with {@code ROUTES} and named webhooks in its environment, an SQS batch in, posts per destination
 * out, and the decision log naming the rule and the destinations.
 */
class RoutingEndToEndTest {
  /** The example, with the sandbox and staging accounts named. */
  private static final String ROUTES = """
      [{"name":"sandbox recon","match":{"account":["sandbox"],"type":["Recon:*"]},
        "mute":"expected scanning in the sandbox","until":"2099-01-31"},
       {"name":"payments","match":{"tag":{"team":"payments"}},"to":["PAYMENTS"],"continue":true},
       {"name":"on-call","match":{"band":["CRITICAL"]},"to":["ONCALL","CRITICAL"],"mention":"here"},
       {"name":"staging","match":{"account":["444455556666"],"band":["LOW","MEDIUM"]},"to":["STAGING"]}]""";

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  private final RuntimeApi runtimeApi = new RuntimeApi(30_000);
  private LambdaProcess function;

  private Map<String, String> environment() {
    Map<String, String> env = LambdaProcess.lambdaVariables("eu-west-1");
    env.put("MIN_SEVERITY", "LOW");
    env.put("ACCOUNT_NAMES", "111122223333=production,222233334444=sandbox,444455556666=staging");
    env.put("ROUTES", ROUTES);
    for (String name : List.of("LOW", "MEDIUM", "HIGH", "CRITICAL", "PAYMENTS", "ONCALL", "STAGING")) {
      env.put("SLACK_WEBHOOK_URL_" + name, slack.url("/" + name.toLowerCase() + "/T0/B0/routingToken").toString());
    }
    return env;
  }

  @AfterEach
  void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    runtimeApi.shutdown();
  }

  private static String event(String fixture, String account, String findingId) throws Exception {
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event(fixture));
    ((ObjectNode) event.get("detail")).put("accountId", account).put("id", findingId);
    event.put("account", account);
    return event.toString();
  }

  @Test
  void eachFindingReachesTheDestinationsItsRulesChooseAndTheLogSaysWhy() throws Exception {
    runtimeServer.setDispatcher(runtimeApi);
    function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), environment());
    for (String destination : List.of("payments", "high", "oncall", "critical", "staging")) {
      slack.enqueue(destination, 200, "ok");
    }

    String batch = TestApp.sqsBatch(
        event("finding-low", "222233334444", "sandbox-recon"),
        event("finding-high", "111122223333", "payments-high"),
        event("finding-critical", "111122223333", "critical"),
        event("finding-medium", "444455556666", "staging-medium"));
    RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(batch), 60);

    assertThat(answer.error()).as(function.output()).isFalse();
    assertThat(TestApp.MAPPER.readTree(answer.body()).toString()).isEqualTo("{\"batchItemFailures\":[]}");
    Map<String, List<JsonNode>> posts = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      RecordedRequest request = slack.next(Duration.ofSeconds(10));
      assertThat(request).as(function.output()).isNotNull();
      posts.computeIfAbsent(request.getUrl().pathSegments().get(0), k -> new ArrayList<>())
          .add(TestApp.MAPPER.readTree(request.getBody().utf8()));
    }
    // The function posts before it answers: with its answer in, every post is recorded.
    assertThat(slack.count()).as("nothing else is posted").isEqualTo(5);
    assertThat(posts.keySet()).containsExactly("critical", "high", "oncall", "payments", "staging");
    assertThat(posts.get("payments").get(0).path("text").asText()).startsWith("GuardDuty HIGH 8.0: Data exfiltration");
    assertThat(posts.get("staging").get(0).path("text").asText()).startsWith("GuardDuty MEDIUM");
    for (String onCall : List.of("oncall", "critical")) {
      JsonNode message = posts.get(onCall).get(0);
      assertValidAndSafe(message, "<!here> ");
    }
    assertValidAndSafe(posts.get("payments").get(0));

    List<JsonNode> decisions = new ArrayList<>();
    for (String line : function.output().split("\n")) {
      if (line.startsWith("{") && line.contains("\"decision\"")) {
        decisions.add(TestApp.MAPPER.readTree(line));
      }
    }
    assertThat(decisions).anySatisfy(d -> {
      assertThat(d.path("findingId").asText()).isEqualTo("sandbox-recon");
      assertThat(d.path("decision").asText()).isEqualTo("muted");
      assertThat(d.path("route").asText()).isEqualTo("sandbox recon");
      assertThat(d.path("reason").asText()).isEqualTo("expected scanning in the sandbox");
    });
    assertThat(decisions).filteredOn(d -> d.path("findingId").asText().equals("critical"))
        .extracting(d -> d.path("destination").asText() + " " + d.path("route").asText() + " "
            + d.path("destinations"))
        .containsExactlyInAnyOrder("ONCALL on-call [\"ONCALL\",\"CRITICAL\"]",
            "CRITICAL on-call [\"ONCALL\",\"CRITICAL\"]");
    assertThat(decisions).filteredOn(d -> d.path("findingId").asText().equals("payments-high"))
        .extracting(d -> d.path("destination").asText()).containsExactlyInAnyOrder("PAYMENTS", "HIGH");
    assertThat(function.output()).contains("\"FindingsMuted\"").doesNotContain("routingToken");
  }

  @Test
  void aRuleNamingAWebhookThatDoesNotExistStopsTheFunctionAtStart() throws Exception {
    runtimeServer.setDispatcher(runtimeApi);
    Map<String, String> env = environment();
    env.remove("SLACK_WEBHOOK_URL_ONCALL");
    function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env);

    String initError = runtimeApi.awaitInitError(30);

    assertThat(initError).contains("ROUTES[2].to: no webhook or channel named ONCALL").doesNotContain("routingToken");
  }

  /**
   * Someone tags a production instance team=sandbox-1; the sandbox mute must not silence the CRITICAL finding
   * on it. It is posted (and its HIGH neighbour, which the mute may silence, is muted); the log says so.
   */
  @Test
  void aTagMuteNeverSilencesACriticalFinding() throws Exception {
    runtimeServer.setDispatcher(runtimeApi);
    Map<String, String> env = environment();
    env.put("ROUTES", "[{\"name\":\"sandbox\",\"match\":{\"tag\":{\"team\":\"sandbox*\"}},"
        + "\"mute\":\"sandbox noise\"}]");
    List.of("PAYMENTS", "ONCALL", "STAGING").forEach(name -> env.remove("SLACK_WEBHOOK_URL_" + name));
    function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env);
    slack.enqueue("critical", 200, "ok");
    List<String> events = new ArrayList<>();
    for (double severity : new double[] {9.5, 8.5}) {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
      ((ObjectNode) event.get("detail")).put("severity", severity).put("id", "tagged-" + (int) severity);
      ((ObjectNode) event.at("/detail/resource/instanceDetails/tags/1")).put("key", "team").put("value", "sandbox-1");
      events.add(event.toString());
    }

    RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(events.toArray(
        new String[0]))), 60);

    assertThat(answer.error()).as(function.output()).isFalse();
    RecordedRequest posted = slack.next(Duration.ofSeconds(10));
    assertThat(posted).as(function.output()).isNotNull();
    assertThat(posted.getUrl().pathSegments().get(0)).isEqualTo("critical");
    assertThat(slack.count()).as("the HIGH one muted, posted nowhere").isEqualTo(1);
    List<JsonNode> decisions = new ArrayList<>();
    for (String line : function.output().split("\n")) {
      if (line.startsWith("{") && line.contains("\"decision\"")) {
        decisions.add(TestApp.MAPPER.readTree(line));
      }
    }
    assertThat(decisions).extracting(d -> d.path("findingId").asText() + " " + d.path("decision").asText())
        .containsExactlyInAnyOrder("tagged-9 posted", "tagged-8 muted");
  }
}
