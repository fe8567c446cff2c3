package dev.guarddutyslack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.dedup.DynamoDbGate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
  private static final String SECRET_PATH = "/services/T000/B000/s3cr3tT0k3nValue";

  @Test
  void defaultsToMediumAndADayBetweenReminders() {
    Config config = Config.fromEnvironment(Map.of("SLACK_WEBHOOK_URL", "https://hooks.example.com" + SECRET_PATH));
    assertThat(config.minSeverity()).isEqualTo(4.0);
    assertThat(config.renotifyAfter()).contains(Duration.ofHours(24));
    assertThat(config.dedupTable()).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "MIN_SEVERITY, SEVERE",
      "MIN_SEVERITY, 11",
      "MIN_SEVERITY, 10.5",
      "MIN_SEVERITY, 0x1p3",
      "MIN_SEVERITY, 7d",
      "MIN_SEVERITY, 7f",
      "MIN_SEVERITY, 1e1",
      "MIN_SEVERITY, -1",
      "MIN_SEVERITY, +5",
      "MIN_SEVERITY, NaN",
      "MIN_SEVERITY, Infinity",
      "MIN_SEVERITY, 5.",
      "MIN_SEVERITY, .5",
      "RENOTIFY_AFTER, daily",
      "RENOTIFY_AFTER, PT0S",
      "RENOTIFY_AFTER, PT0M",
      "RENOTIFY_AFTER, P0D",
      "RENOTIFY_AFTER, P91D",
      "RENOTIFY_AFTER, PT2161H",
      "RENOTIFY_AFTER, PT129601M",
      "RENOTIFY_AFTER, P200000000000D",
      "RENOTIFY_AFTER, P999999999D",
      "RENOTIFY_AFTER, PT30S",
      "RENOTIFY_AFTER, P1DT12H",
      "RENOTIFY_AFTER, never",
      "ACCOUNT_NAMES, prod"})
  void rejectsBadSettingsNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(variable, value, "SLACK_WEBHOOK_URL", "https://h.example.com/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable);
  }

  @ParameterizedTest(name = "MIN_SEVERITY={0}")
  @CsvSource({"low, 0.0", "Medium, 4.0", "HIGH, 7.0", "critical, 9.0", "0, 0.0", "5.5, 5.5", "8.95, 8.95",
      "10, 10.0", "10.0, 10.0", "' 6 ', 6.0"})
  void acceptsBandNamesAndPlainDecimalsFromZeroToTen(String value, double expected) {
    assertThat(Config.fromEnvironment(Map.of("MIN_SEVERITY", value)).minSeverity()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "RENOTIFY_AFTER={0}")
  @CsvSource({"PT1M, PT1M", "PT30M, PT30M", "PT24H, PT24H", "P7D, PT168H", "P90D, PT2160H", "PT2160H, PT2160H",
      "PT129600M, PT2160H"})
  void acceptsWholeMinutesHoursOrDaysUpToTheTablesMemory(String value, String expected) {
    assertThat(Config.fromEnvironment(Map.of("RENOTIFY_AFTER", value)).renotifyAfter())
        .contains(java.time.Duration.parse(expected));
  }

  @Test
  void theLongestReNotificationIsHowLongTheTableRemembers() {
    assertThat(Config.MAX_RENOTIFY_AFTER).isEqualTo(DynamoDbGate.RETENTION);
  }

  @Test
  void routesAreReadWithAccountNamesAndTheirDestinationsAreKnownNames() {
    Config config = Config.fromEnvironment(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com" + SECRET_PATH,
        "SLACK_WEBHOOK_URL_ONCALL", "https://h.example.com/oncall", "ACCOUNT_NAMES", "222233334444=sandbox",
        "ROUTES", "[{\"name\":\"r\",\"match\":{\"account\":\"sandbox\"},\"to\":[\"ONCALL\"]}]"));

    assertThat(config.routes().rules()).singleElement().satisfies(rule -> assertThat(rule.match().accounts())
        .contains(java.util.Set.of("222233334444")));
    assertThat(config.destinationNames()).contains("ONCALL", "DEFAULT", "CRITICAL");
    assertThat(config.envWebhookUrls()).containsKey("ONCALL");
  }

  @Test
  void aWebhookVariableNoRuleSendsToIsReadByNothing() {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/d",
        "SLACK_WEBHOOK_URL_ONCALL", "https://h.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SLACK_WEBHOOK_URL_ONCALL is read by nothing")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void aMistakeInTheRulesStopsTheStartNamingRuleAndField() {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com" + SECRET_PATH,
        "ROUTES", "[{\"name\":\"a\",\"to\":[\"A\"]},{\"name\":\"b\",\"to\":[\"B\"],\"until\":\"soon\"}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ROUTES[1].until: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void secretAndVariablesTogetherAreRefused() {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(
        "WEBHOOKS_SECRET_ID", "guardduty-slack/webhooks", "SLACK_WEBHOOK_URL", "https://h.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WEBHOOKS_SECRET_ID")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void noDestinationAtAllFailsAtStart() {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of()).requireDestination())
        .isInstanceOf(ConfigException.class).hasMessageContaining("SLACK_WEBHOOK_URL");
    assertThat(Config.fromEnvironment(Map.of("WEBHOOKS_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:1:secret:x"))
        .requireDestination().webhooksSecretId()).isPresent();
  }

  @Test
  void readsAccountNamesRenotifyAndTable() {
    Config config = Config.fromEnvironment(Map.of(
        "SLACK_WEBHOOK_URL", "https://h.example.com/x",
        "ACCOUNT_NAMES", "111122223333=Production, 444455556666=Staging",
        "RENOTIFY_AFTER", "NEVER",
        "DEDUP_TABLE", "guardduty-slack-notified",
        "MIN_SEVERITY", "8.95"));
    assertThat(config.accountNames()).containsEntry("111122223333", "Production").containsEntry("444455556666", "Staging");
    assertThat(config.renotifyAfter()).isEmpty();
    assertThat(config.dedupTable()).contains("guardduty-slack-notified");
    assertThat(config.minSeverity()).isEqualTo(8.95);
  }
}
