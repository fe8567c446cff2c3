package dev.guarddutyslack;

import dev.guarddutyslack.dedup.DynamoDbGate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A DynamoDB that does not answer: the claim gives up within the invocation's deadline, and the finding fails. */
class DynamoDbGateTimeoutTest {
  @StartStop
  private final MockWebServer stalledDynamoDb = new MockWebServer();
  @StartStop
  private final MockWebServer slack = new MockWebServer();

  private DynamoDbClient client() {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(stalledDynamoDb.url("/").toString()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
        .build();
  }

  private void neverAnswer() {
    for (int i = 0; i < 5; i++) {
      stalledDynamoDb.enqueue(new MockResponse.Builder().code(200).body("{}")
          .headersDelay(20, TimeUnit.SECONDS).build());
    }
  }

  @Test
  void aClaimGivesUpWhenTheInvocationsTimeIsSpent() throws Exception {
    neverAnswer();
    DynamoDbGate gate = new DynamoDbGate("t", this::client, Optional.empty(), Clock.systemUTC());
    Finding finding = TestApp.MAPPER.treeToValue(
        TestApp.MAPPER.readTree(Fixtures.event("finding-high")).get("detail"), Finding.class);

    assertThatThrownBy(() -> gate.claim(finding, Severity.HIGH, Duration.ofMillis(1500)))
        .isInstanceOf(ApiCallTimeoutException.class);
  }

  @Test
  void aStalledTableFailsTheFindingForARetryWithoutPosting() throws Exception {
    neverAnswer();
    DynamoDbGate gate = new DynamoDbGate("t", this::client, Optional.empty(), Clock.systemUTC());
    try (TestApp app = new TestApp(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString()),
        dev.guarddutyslack.delivery.Ticker.SYSTEM, gate, null)) {
      String out = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")), 4_000);

      assertThat(out).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
      assertThat(app.logs).singleElement().asString().contains("deduplication store unavailable");
      assertThat(slack.getRequestCount()).isZero();
    }
  }
}
