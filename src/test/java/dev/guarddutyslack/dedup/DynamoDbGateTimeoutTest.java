package dev.guarddutyslack.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.AwsSettings;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.time.Ticker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A DynamoDB that does not answer: the claim gives up within the invocation's deadline, and the finding fails. */
class DynamoDbGateTimeoutTest {
  @StartStop
  private final MockWebServer stalledDynamoDb = MockServers.create();
  @StartStop
  private final MockWebServer slack = MockServers.create();

  private DynamoDbGate gate() {
    AwsSettings settings = new AwsSettings(Optional.of("eu-west-1"),
        Optional.of(URI.create(stalledDynamoDb.url("/").toString())), Map.of());
    AwsJsonClient client = new AwsJsonClient(new OkHttpClient(), TestApp.JSON,
        AwsCredentials.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))),
        settings, AwsService.DYNAMODB, Ticker.SYSTEM);
    return new DynamoDbGate(new DynamoDb("t", StateTable.KEY, client), Optional.empty(), Clock.systemUTC());
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
    Finding finding = Finding.of(TestApp.MAPPER.readTree(Fixtures.event("finding-high")).get("detail"));

    assertThatThrownBy(() -> gate().claim(finding, Severity.HIGH, Duration.ofMillis(1500)))
        .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("DynamoDB table t: timeout");
          assertThat(e.misconfigured()).as("a timeout is worth a retry").isFalse();
          assertThat(e.getCause()).isInstanceOfSatisfying(AwsException.class, c -> assertThat(c.retryable()).isTrue());
        });
  }

  @Test
  void aStalledTableFailsTheFindingForARetryWithoutPosting() throws Exception {
    neverAnswer();
    try (TestApp app = new TestApp(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString()), Ticker.SYSTEM, gate(),
        null)) {
      String out = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")), 4_000);

      assertThat(out).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
      assertThat(app.logs).singleElement().asString()
          .contains("deduplication store unavailable: DynamoDB table t: timeout");
      assertThat(slack.getRequestCount()).isZero();
    }
  }
}
