package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployed configuration (webhooks in Secrets Manager, deduplication in DynamoDB, both on moto) under
 * the runtime interface client, with credentials only from a container credentials endpoint: how Lambda
 * gives them to a function restored from a SnapStart snapshot. Everything the package needs for that path
 * must be in it.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials">SnapStart credentials</a>
 */
@ExtendWith(Moto.class)
class DeployedRuntimeTest {
  private static final String TOKEN = "container-token-" + UUID.randomUUID();

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();
  @StartStop
  private final MockWebServer credentialsEndpoint = MockServers.create();

  @Test
  void theDeployedConfigurationWorksWithContainerCredentialsAlone() throws Exception {
    try (TestAws.Deployed deployed = TestAws.deployed("deployed", slack.url("/hook"))) {
      credentialsEndpoint.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          if (!TOKEN.equals(request.getHeaders().get("Authorization"))) {
            return new MockResponse.Builder().code(403).build();
          }
          return new MockResponse.Builder().code(200).body("{\"AccessKeyId\":\"container-key\","
              + "\"SecretAccessKey\":\"container-secret\",\"Token\":\"container-session\",\"Expiration\":\""
              + Instant.now().plusSeconds(3600) + "\"}").build();
        }
      });
      RuntimeApi runtimeApi = new RuntimeApi(30_000);
      runtimeServer.setDispatcher(runtimeApi);
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.remove("AWS_ACCESS_KEY_ID");
      env.remove("AWS_SECRET_ACCESS_KEY");
      env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsEndpoint.url("/2018-06-01/credentials").toString());
      env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", TOKEN);
      env.putAll(deployed.environment());
      env.put("MIN_SEVERITY", "LOW");
      env.put("AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack");
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-critical"));

      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env)) {
        RuntimeApi.Answer first = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(event.toString())), 60);
        RuntimeApi.Answer again = runtimeApi.awaitAnswer(runtimeApi.invoke(TestApp.sqsBatch(event.toString())), 60);

        assertThat(first.error()).as(function.output()).isFalse();
        assertThat(first.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(again.body()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(function.output()).contains("\"decision\":\"posted\"", "\"decision\":\"suppressed\"")
            .doesNotContain("container-secret").doesNotContain(TOKEN);
      } finally {
        runtimeApi.shutdown();
      }
      assertThat(slack.count()).as("posted once, the redelivery suppressed").isEqualTo(1);
      assertThat(credentialsEndpoint.getRequestCount()).as("credentials came from the container endpoint")
          .isPositive();
    }
  }
}
