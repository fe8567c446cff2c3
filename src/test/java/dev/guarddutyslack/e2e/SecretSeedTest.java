package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The template's secret seeder (WebhooksSecretSeed's inline handler), run as Lambda's Python runtime runs it,
 * against Secrets Manager on moto, answering CloudFormation on a loopback response URL. It gives a new secret
 * its first webhook, and never changes a secret that has a value: an upgrade, with any answer to the webhook
 * prompt, leaves a webhook rotated in Secrets Manager as it is. The webhook is never printed or sent back.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html">Custom resource requests</a>
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html">Custom resource responses</a>
 */
@ExtendWith(Moto.class)
class SecretSeedTest {
  private static final String FIRST = "https://hooks.slack.com/services/T0SEED/B0SEED/firstwebhookvalue0001";
  private static final String ROTATED = "https://hooks.slack.com/services/T0SEED/B0SEED/rotatedwebhookvalue01";

  @StartStop
  private final MockWebServer cloudFormation = MockServers.create();

  @Test
  void aNewSecretGetsTheFirstWebhookAndNoUpdateEverChangesItAgain() throws Exception {
    String secret = emptySecret();
    assertThat(invoke("Create", secret, FIRST).path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(value(secret)).isEqualTo("{\"DEFAULT\": \"" + FIRST + "\"}");

    // Rotated in Secrets Manager, with a band's own webhook added, as docs/deploy.md says to.
    String rotated = "{\"DEFAULT\":\"" + ROTATED + "\",\"CRITICAL\":\"" + ROTATED + "c\"}";
    try (SecretsManagerClient secrets = TestAws.secretsManager()) {
      secrets.putSecretValue(b -> b.secretId(secret).secretString(rotated));
    }
    for (String answer : List.of("-", FIRST, "https://hooks.slack.com/services/T0SEED/B0SEED/another")) {
      JsonNode response = invoke("Update", secret, answer);
      assertThat(response.path("Status").asText()).isEqualTo("SUCCESS");
      assertThat(response.path("Reason").asText()).contains("left as it is");
      assertThat(value(secret)).as("after an upgrade answering " + answer).isEqualTo(rotated);
    }
    assertThat(invoke("Delete", secret, "-").path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(value(secret)).isEqualTo(rotated);
  }

  @Test
  void aNewStackWithNoWebhookIsRefusedWithAReasonTheOperatorSees() throws Exception {
    String secret = emptySecret();
    JsonNode response = invoke("Create", secret, "-");
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText()).contains("WebhookUrl", "ExistingWebhooksSecretArn");
    try (SecretsManagerClient secrets = TestAws.secretsManager()) {
      assertThat(secrets.describeSecret(b -> b.secretId(secret)).versionIdsToStages()).isEmpty();
    }
  }

  @Test
  void aFailingCallIsReportedByItsKindNeverLeftToTimeOut() throws Exception {
    String missing = "arn:aws:secretsmanager:" + Moto.REGION + ":123456789012:secret:missing-AbCdEf";
    JsonNode response = invoke("Create", missing, FIRST);
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText()).isEqualTo(
        "could not fill the webhooks secret: ResourceNotFoundException");
  }

  private String emptySecret() {
    try (SecretsManagerClient secrets = TestAws.secretsManager()) {
      return secrets.createSecret(b -> b.name("guardduty-slack/seed-" + UUID.randomUUID())).arn();
    }
  }

  private static String value(String secret) {
    try (SecretsManagerClient secrets = TestAws.secretsManager()) {
      return secrets.getSecretValue(b -> b.secretId(secret)).secretString();
    }
  }

  /** One CloudFormation request to the handler; CloudFormation's view of the answer. */
  private JsonNode invoke(String type, String secret, String webhook) throws IOException, InterruptedException {
    assumeTrue(SamTransform.pythonCan("import boto3"), "python3 cannot import boto3");
    Path dir = Files.createTempDirectory("seeder");
    Files.writeString(dir.resolve("index.py"),
        Template.load().resource("SecretSeederFunction").at("/Properties/Code/ZipFile").asText());
    ObjectNode event = TestApp.MAPPER.createObjectNode().put("RequestType", type)
        .put("ResponseURL", cloudFormation.url("/cloudformation-response?X-Amz-Signature=s").toString())
        .put("StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/guardduty-slack/1")
        .put("RequestId", UUID.randomUUID().toString()).put("LogicalResourceId", "WebhooksSecretSeed")
        .put("ResourceType", "Custom::WebhooksSecretSeed");
    if (!type.equals("Create")) {
      event.put("PhysicalResourceId", "WebhooksSecretSeed");
    }
    event.putObject("ResourceProperties").put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:seeder")
        .put("SecretId", secret).put("WebhookUrl", webhook);
    cloudFormation.enqueue(new MockResponse.Builder().code(200).build());
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.put("PYTHONPATH", dir.toString());
    SamCliTool.Result run = SamCliTool.exec(List.of("python3", "-c",
        "import json, sys, index; index.handler(json.loads(sys.argv[1]), None)", event.toString()), dir, env,
        Duration.ofSeconds(60));
    assertThat(run.exit()).as(run.output()).isZero();
    RecordedRequest response = cloudFormation.takeRequest(10, TimeUnit.SECONDS);
    assertThat(response).as("CloudFormation is always answered").isNotNull();
    assertThat(response.getMethod()).isEqualTo("PUT");
    String body = response.getBody().utf8();
    assertThat(run.output() + body).as("the webhook is never printed or sent back").doesNotContain(webhook.length() > 1
        ? webhook : "\u0000");
    JsonNode answer = TestApp.MAPPER.readTree(body);
    assertThat(answer.path("RequestId").asText()).isEqualTo(event.path("RequestId").asText());
    assertThat(answer.path("StackId").asText()).isEqualTo(event.path("StackId").asText());
    assertThat(answer.path("LogicalResourceId").asText()).isEqualTo("WebhooksSecretSeed");
    assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("WebhooksSecretSeed");
    return answer;
  }
}
