package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.FindingHandler;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import dev.guarddutyslack.testing.TestContext;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SnapStart's checkpoint hook in the deployed configuration: the AWS paths are primed with requests that
 * read no secret and write nothing, and what the snapshot would hold knows no webhook: the first invocation
 * after restore reads the secret as it is then.
 */
@ExtendWith(Moto.class)
class SnapStartDeployedTest {
  @StartStop
  private final MockWebServer slack = MockServers.create();

  @Test
  void primingWritesNothingAndTheSnapshotHoldsNoWebhook() throws Exception {
    String secretId = "guardduty-slack/snapshot-" + UUID.randomUUID();
    String table = "guardduty-slack-snapshot-" + UUID.randomUUID();
    try (SecretsManagerClient secrets = TestAws.secretsManager(); DynamoDbClient dynamo = TestAws.dynamoDb()) {
      secrets.createSecret(b -> b.name(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/before") + "\"}"));
      TestAws.stateTable(dynamo, table);
      Map<String, String> env = new HashMap<>(Moto.environment());
      env.put("WEBHOOKS_SECRET_ID", secretId);
      env.put("DEDUP_TABLE", table);
      List<String> logs = new ArrayList<>();
      NotifierApp app = TestWiring.of(env).log(logs::add).metrics(line -> { }).build();
      FindingHandler handler = new FindingHandler(app);

      handler.beforeCheckpoint(null);
      handler.afterRestore(null);

      assertThat(logs).as("both priming requests answered as expected").noneMatch(l -> l.contains("WARN"));
      assertThat(dynamo.scan(b -> b.tableName(table)).items()).as("priming wrote nothing").isEmpty();
      secrets.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/after") + "\"}"));
      slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(TestApp.sqsBatch(Fixtures.event("finding-high"))
          .getBytes(StandardCharsets.UTF_8)), out, new TestContext(30_000));

      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
      assertThat(slack.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
          .as("the webhook read after restore, not before the snapshot").isEqualTo("/after");
      // The finding's record, and the webhook's second it was posted in (storm.DynamoDbSendSlots: one post a
      // second per webhook across copies), which expires with the table's TTL.
      assertThat(dynamo.scan(b -> b.tableName(table)).items()).hasSize(2)
          .anySatisfy(item -> assertThat(item.get("pk").s()).startsWith("pace#"))
          .filteredOn(item -> !item.get("pk").s().startsWith("pace#")).singleElement()
          .satisfies(item -> assertThat(item.get("status")).isEqualTo(AttributeValue.builder().s("notified").build()));
      app.close();
      dynamo.deleteTable(b -> b.tableName(table));
      secrets.deleteSecret(b -> b.secretId(secretId).forceDeleteWithoutRecovery(true));
    }
  }
}
