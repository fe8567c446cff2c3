package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Findings forwarded from other regions (forwarder.yaml) reach the central function as EventBridge delivers
 * them: the event unchanged, its {@code region} and {@code detail.region} those of the region where
 * GuardDuty found it, not the function's {@code AWS_REGION}. Run as deployed: the template's handler under
 * the runtime interface client, webhooks from Secrets Manager and deduplication in DynamoDB on moto.
 *
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html">EventBridge: sending events between Regions</a>
 */
@ExtendWith(Moto.class)
class ForwardedFindingTest {
  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  /**
   * The critical fixture (found in eu-west-1, the function's region here) as GuardDuty in {@code region} of
   * {@code account} would have published it: every mention of the region moved, the account changed.
   */
  private static String foundIn(String region, String account) throws Exception {
    String original = Fixtures.event("finding-critical");
    assertThat(original).contains("\"region\": \"" + Moto.REGION + "\"");
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(original.replace(Moto.REGION, region));
    event.put("account", account);
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("accountId", account)
        .put("arn", "arn:aws:guardduty:" + region + ":" + account + ":detector/d0/finding/" + detail.get("id").asText());
    assertThat(event.toString()).doesNotContain(Moto.REGION);
    return event.toString();
  }

  @Test
  void eachForwardedFindingShowsItsOwnRegionAndIsDeduplicatedPerRegion() throws Exception {
    assertThat(Moto.REGION).isEqualTo("eu-west-1");
    try (TestAws.Deployed deployed = TestAws.deployed("forwarded", slack.url("/hook"))) {
      RuntimeApi runtimeApi = new RuntimeApi(30_000);
      runtimeServer.setDispatcher(runtimeApi);
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.putAll(deployed.environment());
      env.put("MIN_SEVERITY", "LOW");
      env.put("AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack");
      String sydney = foundIn("ap-southeast-2", "444455556666");
      String frankfurt = foundIn("eu-central-1", "444455556666");

      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env)) {
        RuntimeApi.Answer first = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(sydney)), 60);
        RuntimeApi.Answer second = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(frankfurt)), 60);
        RuntimeApi.Answer again = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(sydney)), 60);

        assertThat(first.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(second.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(again.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(function.output()).contains("\"decision\":\"suppressed\"");
      } finally {
        runtimeApi.shutdown();
      }
      assertThat(slack.count()).as("the same finding id in two regions is two findings; the redelivery is not"
          + " posted").isEqualTo(2);
      assertShowsOnly(slack.posts().get(0).getBody().utf8(), "ap-southeast-2");
      assertShowsOnly(slack.posts().get(1).getBody().utf8(), "eu-central-1");
    }
  }

  /** The message names the finding's region, links to that region's console, and never the function's. */
  private static void assertShowsOnly(String payload, String region) throws Exception {
    JsonNode message = TestApp.MAPPER.readTree(payload);
    assertThat(message.path("text").asText()).contains(region);
    List<String> links = new ArrayList<>();
    message.findValues("url").forEach(url -> links.add(url.asText()));
    assertThat(links).contains("https://" + region + ".console.aws.amazon.com/guardduty/home?region=" + region
        + "#/findings?macros=current&fId=" + TestApp.MAPPER.readTree(Fixtures.event("finding-critical"))
        .at("/detail/id").asText());
    assertThat(payload).as("the function's own region appears nowhere").doesNotContain(Moto.REGION);
  }
}
