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
    assertThat(webhooks.forBand(Severity.CRITICAL).orElseThrow().uri().getPath()).isEqualTo("/critical");
    assertThat(webhooks.forBand(Severity.LOW).orElseThrow().uri().getPath()).isEqualTo("/default");
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
        .hasMessage("ROUTES[1].to: no webhook named ONCALL (add the key ONCALL to the webhooks secret, or set"
            + " SLACK_WEBHOOK_URL_ONCALL)");
  }

  @Test
  void aBandNamedByARuleUsesItsOwnWebhookElseTheDefault() {
    Webhooks webhooks = envWebhooks(Map.of(
        "SLACK_WEBHOOK_URL", "https://hooks.example.com/default",
        "SLACK_WEBHOOK_URL_CRITICAL", "https://hooks.example.com/critical"));

    assertThat(webhooks.forDestination("CRITICAL").orElseThrow().uri().getPath()).isEqualTo("/critical");
    assertThat(webhooks.forDestination("HIGH").orElseThrow().uri().getPath()).isEqualTo("/default");
    assertThat(webhooks.nameForBand(Severity.HIGH)).contains("DEFAULT");
    assertThat(webhooks.nameForBand(Severity.CRITICAL)).contains("CRITICAL");
    assertThat(webhooks.forDestination("ONCALL")).isEmpty();
  }
}
