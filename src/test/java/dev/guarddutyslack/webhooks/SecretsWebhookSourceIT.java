package dev.guarddutyslack.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The deployed way to configure webhooks, against Secrets Manager as moto_server emulates it. */
@ExtendWith(Moto.class)
class SecretsWebhookSourceIT {
  private static final String TOKEN = "T0SECRET/B0SECRET/rotatingToken";

  @StartStop
  private final MockWebServer slack = MockServers.create();

  private final FakeTicker ticker = new FakeTicker();
  private final List<String> warnings = new ArrayList<>();
  private SecretsManagerClient admin;
  private String secretId;

  @BeforeEach
  void createSecret() {
    admin = TestAws.secretsManager();
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
    return new SecretsWebhookSource(id, Webhooks.BAND_NAMES, new SecretsManager(TestAws.client(AwsService.SECRETS_MANAGER)),
        TestApp.JSON,
        ticker, Duration.ofMinutes(5), warnings::add);
  }

  @Test
  void readsTheSecretOnFirstUseNotBefore() {
    SecretsWebhookSource source = source(secretId);
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/later") + "\"}"));

    Webhooks webhooks = source.webhooks();

    assertThat(webhooks.forBand(Severity.CRITICAL).map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/later");
  }

  @Test
  void readsEachBandAndTheDefault() {
    Webhooks webhooks = source(secretId).webhooks();

    assertThat(webhooks.forBand(Severity.CRITICAL).map(Webhook.class::cast).orElseThrow().uri().getPath()).startsWith("/critical/");
    assertThat(webhooks.forBand(Severity.LOW).map(Webhook.class::cast).orElseThrow().uri().getPath()).startsWith("/default/");
    assertThat(warnings).containsExactly("secret " + secretId + " key LOW is empty: its findings go to the DEFAULT"
        + " webhook");
  }

  /** A half-done edit ({@code "CRITICAL": ""}) is said at WARN on every read, naming the key, never skipped quietly. */
  @Test
  void anEmptyBandIsSaidOnEachReadNamingTheKey() {
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"HIGH\":\"" + slack.url("/high/" + TOKEN)
        + "\",\"CRITICAL\":\"\"}"));
    SecretsWebhookSource source = source(secretId);
    assertThat(source.webhooks().forBand(Severity.CRITICAL)).isEmpty();
    source.webhooks();
    ticker.advance(Duration.ofMinutes(5).plusSeconds(1));
    source.webhooks();
    assertThat(warnings).as("once per read, not per batch").hasSize(2).allSatisfy(w -> assertThat(w).isEqualTo(
        "secret " + secretId + " key CRITICAL is empty: its findings are not posted (there is no DEFAULT either)"));
    assertThat(String.join("\n", warnings)).doesNotContain(TOKEN);
  }

  @Test
  void aRotatedWebhookTakesEffectAfterTheTtl() {
    SecretsWebhookSource source = source(secretId);
    source.webhooks();
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/rotated") + "\"}"));

    assertThat(source.webhooks().forBand(Severity.HIGH).map(Webhook.class::cast).orElseThrow().uri().getPath()).startsWith("/default/");
    ticker.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(source.webhooks().forBand(Severity.HIGH).map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/rotated");
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
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("guardduty-slack/does-not-exist")
        .hasMessageContaining("ResourceNotFoundException");
  }

  /** The app's channels and token in the same secret: {@code channel:<name>} keys and {@code BOT_TOKEN}. */
  @Test
  void channelsAndTheBotTokenAreReadFromTheSameSecret() {
    String bot = "xoxb-1111111111-2222222222-rotatingBotToken";
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"LOW\":\"" + slack.url("/low/" + TOKEN)
        + "\",\"channel:DEFAULT\":\"C0SECURITY1\",\"channel:CRITICAL\":\"G0ONCALL001\",\"BOT_TOKEN\":\"" + bot
        + "\"}"));

    Webhooks webhooks = source(secretId).webhooks();

    assertThat(webhooks.forBand(Severity.CRITICAL)).get().hasToString("Channel(G0ONCALL001)");
    assertThat(webhooks.forBand(Severity.HIGH)).get().hasToString("Channel(C0SECURITY1)");
    assertThat(webhooks.forBand(Severity.LOW)).get().isInstanceOf(Webhook.class);

    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"channel:DEFAULT\":\"C0SECURITY1\"}"));
    assertThatThrownBy(() -> source(secretId).webhooks()).isInstanceOf(ConfigException.class)
        .hasMessage("secret " + secretId + " key channel:DEFAULT names a channel, which the Slack app posts to with"
            + " its bot token: set the key BOT_TOKEN of secret " + secretId);
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
  void forgettingDropsTheCachedWebhooks() {
    SecretsWebhookSource source = source(secretId);
    source.webhooks();
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/rotated") + "\"}"));

    source.forget();

    assertThat(source.webhooks().forBand(Severity.HIGH).map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/rotated");
  }

  @Test
  void primingAsksAboutTheSecretWithoutReadingOrKeepingIt() {
    SecretsWebhookSource source = source(secretId);

    assertThat(source.prime()).as("DescribeSecret answered").isEmpty();
    admin.putSecretValue(b -> b.secretId(secretId).secretString("{\"DEFAULT\":\"" + slack.url("/after") + "\"}"));
    assertThat(source.webhooks().forBand(Severity.LOW).map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/after");
    assertThat(source("guardduty-slack/does-not-exist").prime()).hasValueSatisfying(e -> {
      assertThat(e.misconfigured()).isTrue();
      assertThat(e.getMessage()).contains("guardduty-slack/does-not-exist", "ResourceNotFoundException");
    });
  }
}
