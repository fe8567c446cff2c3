package dev.guarddutyslack;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Webhooks;
import dev.guarddutyslack.config.WebhookSource;
import dev.guarddutyslack.config.SecretsWebhookSource;
import dev.guarddutyslack.dedup.NotificationGate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.guardduty.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The deployed way to configure webhooks, against Secrets Manager as moto_server emulates it. */
@ExtendWith(Moto.class)
class SecretsWebhookSourceTest {
  private static final String TOKEN = "T0SECRET/B0SECRET/rotatingToken";

  @StartStop
  private final MockWebServer slack = new MockWebServer();

  private final FakeTicker ticker = new FakeTicker();
  private final AtomicInteger clientsBuilt = new AtomicInteger();
  private SecretsManagerClient admin;
  private String secretId;

  @BeforeEach
  void createSecret() {
    admin = Wiring.secretsManager();
    secretId = "guardduty-slack/test-" + UUID.randomUUID();
    admin.createSecret(b -> b.name(secretId).secretString(
        "{\"DEFAULT\":\"" + slack.url("/default/" + TOKEN) + "\",\"CRITICAL\":\"" + slack.url("/critical/" + TOKEN)
            + "\",\"LOW\":\"\"}"));
  }

  @AfterEach
  void deleteSecret() {
    if (admin != null) {
      admin.deleteSecret(b -> b.secretId(secretId).forceDeleteWithoutRecovery(true));
      admin.close();
    }
  }

  private SecretsWebhookSource source(String id) {
    return new SecretsWebhookSource(id, () -> {
      clientsBuilt.incrementAndGet();
      return Wiring.secretsManager();
    }, TestApp.MAPPER, ticker, Duration.ofMinutes(5));
  }

  @Test
  void readsTheSecretOnFirstUseOnly() {
    SecretsWebhookSource source = source(secretId);
    assertThat(clientsBuilt).hasValue(0);

    Webhooks webhooks = source.webhooks();

    assertThat(clientsBuilt).hasValue(1);
    assertThat(webhooks.forBand(Severity.CRITICAL).orElseThrow().uri().getPath()).startsWith("/critical/");
    assertThat(webhooks.forBand(Severity.LOW).orElseThrow().uri().getPath()).startsWith("/default/");
  }

  @Test
  void aRotatedWebhookTakesEffectAfterTheTtl() {
    SecretsWebhookSource source = source(secretId);
    source.webhooks();
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/rotated") + "\"}"));

    assertThat(source.webhooks().forBand(Severity.HIGH).orElseThrow().uri().getPath()).startsWith("/default/");
    ticker.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(source.webhooks().forBand(Severity.HIGH).orElseThrow().uri().getPath()).isEqualTo("/rotated");
  }

  @Test
  void keepsTheLastGoodWebhooksWhenTheSecretCannotBeReadAgain() {
    SecretsWebhookSource source = source(secretId);
    source.webhooks();
    admin.deleteSecret(b -> b.secretId(secretId).forceDeleteWithoutRecovery(true));
    ticker.advance(Duration.ofMinutes(6));

    assertThat(source.webhooks().forBand(Severity.CRITICAL)).isPresent();
    admin.createSecret(b -> b.name(secretId).secretString("{\"DEFAULT\":\"https://h.example.com/x\"}"));
  }

  @Test
  void aMissingSecretIsUnavailableAndSaysWhichOne() {
    assertThatThrownBy(() -> source("guardduty-slack/does-not-exist").webhooks())
        .isInstanceOf(WebhookSource.WebhooksUnavailableException.class)
        .hasMessageContaining("guardduty-slack/does-not-exist")
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void aBadWebhookInTheSecretNamesTheKeyNotTheValue() {
    admin.putSecretValue(b -> b.secretId(secretId).secretString(
        "{\"HIGH\":\"http://hooks.example.com/" + TOKEN + "\"}"));

    assertThatThrownBy(() -> source(secretId).webhooks())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("secret " + secretId + " key HIGH must be an https:// URL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("rotatingToken").doesNotContain("hooks.example"));
  }

  @Test
  void aSecretThatIsNotJsonOrHoldsNoWebhookIsRefused() {
    admin.putSecretValue(b -> b.secretId(secretId).secretString("https://hooks.slack.com/services/" + TOKEN));
    assertThatThrownBy(() -> source(secretId).webhooks()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a JSON object").satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));

    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"\",\"HIGH\":\"\"}"));
    assertThatThrownBy(() -> source(secretId).webhooks()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("holds no webhook");
  }

  @Test
  void forgettingDropsTheCacheAndTheClient() {
    SecretsWebhookSource source = source(secretId);
    source.webhooks();
    source.forget();
    source.webhooks();
    assertThat(clientsBuilt).hasValue(2);
  }

  @Test
  void theHandlerPostsToTheWebhookFromTheSecret() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    try (TestApp app = new TestApp(Map.of("WEBHOOKS_SECRET_ID", secretId), ticker, NotificationGate.ALWAYS,
        source(secretId))) {
      String out = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-critical")));

      assertThat(out).isEqualTo("{\"batchItemFailures\":[]}");
      assertThat(slack.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).startsWith("/critical/");
      assertThat(String.join("\n", app.logs)).doesNotContain(TOKEN).doesNotContain("SECRET");
    }
  }

  @Test
  void anUnreadableSecretFailsTheBatchForRetryWithoutPosting() throws Exception {
    try (TestApp app = new TestApp(Map.of("WEBHOOKS_SECRET_ID", "guardduty-slack/nope"), ticker,
        NotificationGate.ALWAYS, source("guardduty-slack/nope"))) {
      String out = app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("finding-critical")));

      assertThat(out).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"},{\"itemIdentifier\":\"m1\"}]}");
      assertThat(slack.getRequestCount()).isZero();
      assertThat(app.logs).allSatisfy(l -> assertThat(l).contains("webhooks unavailable"));
    }
  }
}
