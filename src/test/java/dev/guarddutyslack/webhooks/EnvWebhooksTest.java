package dev.guarddutyslack.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.wiring.NotifierSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhooks given in the environment ({@code SLACK_WEBHOOK_URL}, {@code SLACK_WEBHOOK_URL_<BAND>}), as the notifier's wiring reads them. */
class EnvWebhooksTest {
  private static final String SECRET_PATH = "/services/T000/B000/s3cr3tT0k3nValue";

  /** The webhooks the notifier builds from these variables (the routing rules' destinations known). */
  private static Webhooks envWebhooks(Map<String, String> variables) {
    WebhookSettings settings = NotifierSettings.from(variables).webhooks();
    return Webhooks.of(settings.fromEnvironment(), settings.destinationNames(), WebhookSettings::variableOf);
  }

  @Test
  void bandWebhooksOverrideTheDefaultOne() {
    Webhooks webhooks = envWebhooks(Map.of(
        "SLACK_WEBHOOK_URL", "https://hooks.example.com/default",
        "SLACK_WEBHOOK_URL_CRITICAL", "https://hooks.example.com/critical"));
    assertThat(webhooks.forBand(Severity.CRITICAL).map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/critical");
    assertThat(webhooks.forBand(Severity.LOW).map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/default");
  }

  @Test
  void aBandWithoutAnyWebhookHasNone() {
    Webhooks webhooks = envWebhooks(Map.of("SLACK_WEBHOOK_URL_HIGH", "https://hooks.example.com/h"));
    assertThat(webhooks.names()).containsExactly("HIGH");
    assertThat(webhooks.forBand(Severity.MEDIUM)).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "SLACK_WEBHOOK_URL, http://hooks.example.com",
      "SLACK_WEBHOOK_URL_HIGH, http://10.0.0.5",
      "SLACK_WEBHOOK_URL_LOW, ftp://hooks.example.com",
      "SLACK_WEBHOOK_URL_CRITICAL, not a url"})
  void rejectsWebhooksThatAreNotHttpsNamingTheVariableNotTheValue(String variable, String value) {
    String url = value.contains("example") ? value + SECRET_PATH : value;
    assertThatThrownBy(() -> envWebhooks(Map.of(variable, url)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain(value));
  }

  @ParameterizedTest
  @CsvSource({"http://127.0.0.1:8080/hook", "http://localhost:9000/hook", "https://hooks.slack.com/services/x"})
  void allowsHttpsAndLoopbackHttp(String url) {
    Webhooks webhooks = envWebhooks(Map.of("SLACK_WEBHOOK_URL", url));
    assertThat(webhooks.names()).containsExactly("DEFAULT");
    for (Severity band : Severity.values()) {
      assertThat(webhooks.forBand(band)).as(band.name()).isPresent();
    }
  }

  @Test
  void aRoutedDestinationWithoutAWebhookIsNamedByTheRuleThatSendsThere() {
    Map<String, String> variables = Map.of("SLACK_WEBHOOK_URL", "https://hooks.example.com" + SECRET_PATH,
        "ROUTES", "[{\"name\":\"a\",\"to\":[\"HIGH\"]},{\"name\":\"b\",\"to\":[\"HIGH\",\"ONCALL\"]}]");
    Webhooks webhooks = envWebhooks(variables);

    assertThatThrownBy(() -> webhooks.require(NotifierSettings.from(variables).routes().destinationFields("ROUTES")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ROUTES[1].to: no webhook or channel named ONCALL (add the key ONCALL or channel:ONCALL to the"
            + " webhooks secret, or set SLACK_WEBHOOK_URL_ONCALL or SLACK_CHANNEL_ONCALL)");
  }

  @Test
  void aBandNamedByARuleUsesItsOwnWebhookElseTheDefault() {
    Webhooks webhooks = envWebhooks(Map.of(
        "SLACK_WEBHOOK_URL", "https://hooks.example.com/default",
        "SLACK_WEBHOOK_URL_CRITICAL", "https://hooks.example.com/critical"));

    assertThat(webhooks.forDestination("CRITICAL").map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/critical");
    assertThat(webhooks.forDestination("HIGH").map(Webhook.class::cast).orElseThrow().uri().getPath()).isEqualTo("/default");
    assertThat(webhooks.nameForBand(Severity.HIGH)).contains("DEFAULT");
    assertThat(webhooks.nameForBand(Severity.CRITICAL)).contains("CRITICAL");
    assertThat(webhooks.forDestination("ONCALL")).isEmpty();
  }

  private static final String BOT = "xoxb-1111111111-2222222222-abcdefABCDEF";

  /** The addresses the notifier builds from these variables, channels included. */
  private static Webhooks addresses(Map<String, String> variables) {
    return NotifierSettings.from(variables).webhooks().environment();
  }

  @Test
  void aDestinationMayBeAChannelTheAppPostsToWithItsToken() {
    Webhooks webhooks = addresses(Map.of("SLACK_CHANNEL", "C0SECURITY1", "SLACK_CHANNEL_CRITICAL", "G0ONCALL001",
        "SLACK_WEBHOOK_URL_LOW", "https://hooks.example.com" + SECRET_PATH, "SLACK_BOT_TOKEN", BOT));
    assertThat(webhooks.forBand(Severity.CRITICAL)).get().hasToString("Channel(G0ONCALL001)");
    assertThat(webhooks.forBand(Severity.HIGH)).get().hasToString("Channel(C0SECURITY1)");
    assertThat(webhooks.forBand(Severity.LOW)).get().isInstanceOf(Webhook.class);
    assertThat(webhooks.anyChannel()).isTrue();
    Channel channel = (Channel) webhooks.forBand(Severity.HIGH).orElseThrow();
    assertThat(channel.method("chat.postMessage").toString()).isEqualTo("https://slack.com/api/chat.postMessage");
    assertThat(channel.token().authorization()).isEqualTo("Bearer " + BOT);
    assertThat(webhooks.toString() + channel + channel.token()).doesNotContain(BOT).doesNotContain("s3cr3t");
  }

  @Test
  void aChannelWithoutTheTokenIsAnErrorAtStartNamingIt() {
    assertThatThrownBy(() -> addresses(Map.of("SLACK_CHANNEL_HIGH", "C0SECURITY1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SLACK_CHANNEL_HIGH names a channel, which the Slack app posts to with its bot token: set"
            + " SLACK_BOT_TOKEN");
  }

  @Test
  void aDestinationHasAWebhookOrAChannelNeverBoth() {
    assertThatThrownBy(() -> addresses(Map.of("SLACK_CHANNEL_HIGH", "C0SECURITY1", "SLACK_BOT_TOKEN", BOT,
        "SLACK_WEBHOOK_URL_HIGH", "https://hooks.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SLACK_CHANNEL_HIGH and a webhook are both given for HIGH: a destination has a webhook or a"
            + " channel, never both")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SLACK_CHANNEL|#security|" + BOT + "|SLACK_CHANNEL is not a Slack channel id",
      "SLACK_CHANNEL|c0security1|" + BOT + "|SLACK_CHANNEL is not a Slack channel id",
      "SLACK_CHANNEL|C0SECURITY1|xoxp-1111111111-2222222222-usertoken|SLACK_BOT_TOKEN is not a bot token: it must"
          + " start with xoxb-",
      "SLACK_CHANNEL|C0SECURITY1|xoxb-short|SLACK_BOT_TOKEN is not a Slack bot token",
      "SLACK_CHANNEL_HIHG|C0SECURITY1|" + BOT + "|SLACK_CHANNEL_HIHG is read by nothing"})
  void aBadChannelOrTokenIsNamedNeverShown(String variable, String value, String token, String message) {
    assertThatThrownBy(() -> addresses(Map.of(variable, value, "SLACK_BOT_TOKEN", token)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.substring(5)));
  }

  @Test
  void theWebApiIsSlacksUnlessATestPointsElsewhereOnLoopbackSoTheTokenGoesNowhereElse() {
    Map<String, String> base = Map.of("SLACK_CHANNEL", "C0SECURITY1", "SLACK_BOT_TOKEN", BOT);
    java.util.Map<String, String> local = new java.util.HashMap<>(base);
    local.put("SLACK_API_URL", "http://127.0.0.1:9/api/");
    assertThat(((Channel) addresses(local).forBand(Severity.HIGH).orElseThrow()).method("chat.postMessage")
        .toString()).isEqualTo("http://127.0.0.1:9/api/chat.postMessage");
    for (String url : java.util.List.of("http://attacker.example/api/", "https://attacker.example/api/",
        "https://slack.com.attacker.example/api/", "http://slack.com/api/")) {
      java.util.Map<String, String> elsewhere = new java.util.HashMap<>(base);
      elsewhere.put("SLACK_API_URL", url);
      assertThatThrownBy(() -> addresses(elsewhere)).as("the token would go to " + url)
          .isInstanceOf(ConfigException.class).hasMessageContaining("SLACK_API_URL is for tests");
    }
    java.util.Map<String, String> gov = new java.util.HashMap<>(base);
    gov.put("SLACK_API_URL", "https://slack-gov.com/api/");
    assertThat(((Channel) addresses(gov).forBand(Severity.HIGH).orElseThrow()).method("chat.postMessage").toString())
        .isEqualTo("https://slack-gov.com/api/chat.postMessage");
  }
}
