package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.SlackWebApi;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
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

/**
 * Slack app mode as deployed: the channel and the bot token in the stack's secret (moto), the deduplication table
 * on moto, the template's handler under the runtime client, and the strict Web API double for Slack. The message
 * goes to the channel with its metadata, and its channel and {@code ts} are kept with the finding's record; a
 * token Slack no longer takes keeps the finding in the queue and says what to fix, never the token.
 */
@ExtendWith(Moto.class)
class AppModeRuntimeTest {
  private static final String SECURITY = "C0SECURITY1";

  @RegisterExtension
  final SlackWebApi slack = new SlackWebApi(SECURITY);
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  private Map<String, String> environment(TestAws.Deployed deployed) {
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.putAll(deployed.environment());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack");
    env.put("SLACK_API_URL", slack.url());
    return env;
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
      RuntimeApi runtimeApi = new RuntimeApi(30_000);
      runtimeServer.setDispatcher(runtimeApi);
      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), environment(deployed))) {
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
          assertThat(items).filteredOn(i -> i.containsKey("slackTs")).singleElement().satisfies(item -> {
            assertThat(item.get("slackChannel").s()).isEqualTo(SECURITY);
            assertThat(item.get("slackTs").s()).isEqualTo(message.ts());
          });
        }
        assertThat(function.output()).contains("\"decision\":\"posted\"").doesNotContain(SlackWebApi.TOKEN);
      } finally {
        runtimeApi.shutdown();
      }
    }
  }

  @Test
  void aRevokedTokenKeepsTheFindingInTheQueueAndSaysWhatToFix() throws Exception {
    slack.revokeToken();
    try (TestAws.Deployed deployed = appDeployment()) {
      RuntimeApi runtimeApi = new RuntimeApi(30_000);
      runtimeServer.setDispatcher(runtimeApi);
      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), environment(deployed))) {
        RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(
            TestApp.sqsBatch(Fixtures.event("finding-high"))), 60);

        assertThat(answer.body()).as(function.output()).contains("batchItemFailures").contains("itemIdentifier");
        assertThat(function.output()).contains("token_revoked", "put the app's current token in BOT_TOKEN",
            "\"decision\":\"failed\"").doesNotContain(SlackWebApi.TOKEN);
        assertThat(slack.messages()).isEmpty();
      } finally {
        runtimeApi.shutdown();
      }
    }
  }
}
