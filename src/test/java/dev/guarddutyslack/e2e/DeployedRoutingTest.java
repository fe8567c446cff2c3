package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Routing as deployed: the webhooks in a Secrets Manager secret (moto), the rules in {@code ROUTES}, the
 * template's handler under the runtime client. The rules' destinations are checked against the secret when
 * the function starts, so a rule naming a key the secret lacks stops it there, as a SnapStart publish would.
 */
@ExtendWith(Moto.class)
class DeployedRoutingTest {
  private static final String ROUTES = "[{\"name\":\"on-call\",\"match\":{\"band\":[\"CRITICAL\"]},"
      + "\"to\":[\"ONCALL\",\"CRITICAL\"],\"mention\":\"here\"}]";

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  private Map<String, String> environment(TestAws.Deployed deployed) {
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.putAll(deployed.environment());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack");
    env.put("ROUTES", ROUTES);
    return env;
  }

  @Test
  void aKeyTheSecretLacksStopsTheStartAndOnceAddedTheFindingGoesToEachDestination() throws Exception {
    try (TestAws.Deployed deployed = TestAws.deployed("routing", slack.url("/default/T0/B0/secretToken"))) {
      RuntimeApi refused = new RuntimeApi(30_000);
      runtimeServer.setDispatcher(refused);
      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), environment(deployed))) {
        String error = refused.awaitInitError(30);
        assertThat(error).as(function.output()).contains("ROUTES[0].to: no webhook or channel named ONCALL")
            .doesNotContain("secretToken");
      } finally {
        refused.shutdown();
      }

      try (SecretsManagerClient secrets = TestAws.secretsManager()) {
        secrets.putSecretValue(b -> b.secretId(deployed.secretId()).secretString("{\"DEFAULT\":\""
            + slack.url("/default/T0/B0/secretToken") + "\",\"ONCALL\":\"" + slack.url("/oncall/T0/B0/secretToken")
            + "\"}"));
      }
      slack.enqueue("default", 200, "ok");
      slack.enqueue("oncall", 200, "ok");
      RuntimeApi runtimeApi = new RuntimeApi(30_000);
      runtimeServer.setDispatcher(runtimeApi);
      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), environment(deployed))) {
        RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(
            TestApp.sqsBatch(Fixtures.event("finding-critical"))), 60);

        assertThat(answer.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[]}");
        TreeSet<String> paths = new TreeSet<>();
        for (int i = 0; i < 2; i++) {
          paths.add(slack.next(Duration.ofSeconds(10)).getUrl().pathSegments().get(0));
        }
        assertThat(paths).as("CRITICAL has no webhook of its own: DEFAULT").containsExactlyElementsOf(
            List.of("default", "oncall"));
        assertThat(function.output()).doesNotContain("secretToken");
      } finally {
        runtimeApi.shutdown();
      }
    }
  }
}
