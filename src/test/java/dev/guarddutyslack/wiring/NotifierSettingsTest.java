package dev.guarddutyslack.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.storm.StormSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The notifier's settings read as one: every feature's variables, every problem named at once (the rules' first),
 * never a value.
 */
class NotifierSettingsTest {
  private static final String SECRET_PATH = "/services/T000/B000/s3cr3tT0k3nValue";

  @Test
  void defaultsToMediumAndADayBetweenReminders() {
    NotifierSettings config = NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://hooks.example.com" + SECRET_PATH));
    assertThat(config.intake().minSeverity()).isEqualTo(4.0);
    assertThat(config.dedup().renotifyAfter()).contains(Duration.ofHours(24));
    assertThat(config.dedup().table()).isEmpty();
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
      "ACCOUNT_NAMES, prod",
      "STORM_THRESHOLD, -1",
      "STORM_THRESHOLD, twenty",
      "STORM_THRESHOLD, 10000",
      "STORM_THRESHOLD, 020",
      "STORM_WINDOW, PT0M",
      "STORM_WINDOW, PT61M",
      "STORM_WINDOW, PT1H",
      "STORM_WINDOW, 5",
      "DIGEST_WINDOW, PT25H",
      "DIGEST_WINDOW, P1D",
      "DIGEST_WINDOW, PT0M",
      "DIGEST_BANDS, CRITICAL",
      "DIGEST_BANDS, SEVERE",
      "DIGEST_BANDS, LOW"})
  void rejectsBadSettingsNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of(variable, value, "SLACK_WEBHOOK_URL", "https://h.example.com/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable);
  }

  @ParameterizedTest(name = "MIN_SEVERITY={0}")
  @CsvSource({"low, 0.0", "Medium, 4.0", "HIGH, 7.0", "critical, 9.0", "0, 0.0", "5.5, 5.5", "8.95, 8.95",
      "10, 10.0", "10.0, 10.0", "' 6 ', 6.0"})
  void acceptsBandNamesAndPlainDecimalsFromZeroToTen(String value, double expected) {
    assertThat(NotifierSettings.from(Map.of("MIN_SEVERITY", value)).intake().minSeverity()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "RENOTIFY_AFTER={0}")
  @CsvSource({"PT1M, PT1M", "PT30M, PT30M", "PT24H, PT24H", "P7D, PT168H", "P90D, PT2160H", "PT2160H, PT2160H",
      "PT129600M, PT2160H"})
  void acceptsWholeMinutesHoursOrDaysUpToTheTablesMemory(String value, String expected) {
    assertThat(NotifierSettings.from(Map.of("RENOTIFY_AFTER", value)).dedup().renotifyAfter())
        .contains(java.time.Duration.parse(expected));
  }

  /** Which scan results are posted: those that found malware unless set; each status checked, none other. */
  @Test
  void scanResultStatusesAreReadAsAListOfKnownStatuses() {
    Map<String, String> webhook = Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/x");
    assertThat(NotifierSettings.from(webhook).intake().scanResultStatuses()).containsExactly("THREATS_FOUND");
    java.util.Map<String, String> chosen = new java.util.HashMap<>(webhook);
    chosen.put("SCAN_RESULT_STATUSES", " threats_found , ACCESS_DENIED");
    assertThat(NotifierSettings.from(chosen).intake().scanResultStatuses())
        .containsExactlyInAnyOrder("THREATS_FOUND", "ACCESS_DENIED");
    chosen.put("SCAN_RESULT_STATUSES", "");
    assertThat(NotifierSettings.from(chosen).intake().scanResultStatuses()).containsExactly("THREATS_FOUND");
    chosen.put("SCAN_RESULT_STATUSES", "THREATS_FOUND,INFECTED");
    assertThatThrownBy(() -> NotifierSettings.from(chosen)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("SCAN_RESULT_STATUSES").hasMessageNotContaining("INFECTED");
  }

  @Test
  void routesAreReadWithAccountNamesAndTheirDestinationsAreKnownNames() {
    NotifierSettings config = NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com" + SECRET_PATH,
        "SLACK_WEBHOOK_URL_ONCALL", "https://h.example.com/oncall", "ACCOUNT_NAMES", "222233334444=sandbox",
        "ROUTES", "[{\"name\":\"r\",\"match\":{\"account\":\"sandbox\"},\"to\":[\"ONCALL\"]}]"));

    assertThat(config.routes().rules()).singleElement().satisfies(rule -> assertThat(rule.match().accounts())
        .contains(java.util.Set.of("222233334444")));
    assertThat(config.webhooks().destinationNames()).contains("ONCALL", "DEFAULT", "CRITICAL");
    assertThat(config.webhooks().fromEnvironment()).containsKey("ONCALL");
  }

  @Test
  void aWebhookVariableNoRuleSendsToIsReadByNothing() {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/d",
        "SLACK_WEBHOOK_URL_ONCALL", "https://h.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("SLACK_WEBHOOK_URL_ONCALL is read by nothing")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void aMistakeInTheRulesStopsTheStartNamingRuleAndField() {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com" + SECRET_PATH,
        "ROUTES", "[{\"name\":\"a\",\"to\":[\"A\"]},{\"name\":\"b\",\"to\":[\"B\"],\"until\":\"soon\"}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ROUTES[1].until: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  /** A variable in the wrong case is named, never silently a band without its webhook. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"slack_webhook_url_critical", "Slack_Webhook_Url",
      "SLACK_WEBHOOK_URLCRITICAL", "SLACK_WEBHOOK_URL_critical", "SLACK_WEBHOOK_URL_DEFAULT"})
  void aWebhookVariableNotOfTheExactFormIsReadByNothing(String variable) {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of(variable, "https://h.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(variable + " is read by nothing")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  /** Several mistakes: all of them, the rules' first, in one message. */
  @Test
  void everyProblemIsListedTheRulesFirst() {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of("MIN_SEVERITY", "SEVERE", "RENOTIFY_AFTER", "1d",
        "ROUTES", "[{\"name\":\"a\",\"to\":[\"a\"]}]", "DIGEST_BANDS", "CRITICAL")))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).extracting(p -> p.split("[: ]")[0])
              .containsExactly("ROUTES[0].to", "MIN_SEVERITY", "RENOTIFY_AFTER", "DIGEST_BANDS");
          assertThat(e.getMessage()).startsWith("4 configuration problems:\n  - ROUTES[0].to: ");
        });
  }

  @Test
  void theStormGuardDefaultsToTwentyInFiveMinutesWithNoDigestBands() {
    StormSettings storm = NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/x")).storm();

    assertThat(storm.threshold()).isEqualTo(20);
    assertThat(storm.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(storm.digestBands()).isEmpty();
    assertThat(storm.digestWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(storm.possible()).as("without the stack's table and queue it holds nothing back").isFalse();
  }

  @Test
  void theStormGuardReadsItsSettingsAndWhereItsStateLives() {
    StormSettings storm = NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/x",
        "STORM_THRESHOLD", "0", "STORM_WINDOW", "PT60M", "DIGEST_BANDS", "low, MEDIUM", "DIGEST_WINDOW", "PT24H",
        "STORM_TABLE", "t", "DIGEST_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111122223333/q")).storm();

    assertThat(storm.threshold()).isZero();
    assertThat(storm.window()).isEqualTo(Duration.ofHours(1));
    assertThat(storm.digestBands()).containsExactlyInAnyOrder(Severity.LOW, Severity.MEDIUM);
    assertThat(storm.digestWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(storm.wanted()).isTrue();
    assertThat(storm.possible()).isTrue();
  }

  @Test
  void secretAndVariablesTogetherAreRefused() {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of(
        "WEBHOOKS_SECRET_ID", "guardduty-slack/webhooks", "SLACK_WEBHOOK_URL", "https://h.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WEBHOOKS_SECRET_ID")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void noDestinationAtAllFailsAtStart() {
    assertThatThrownBy(() -> NotifierSettings.from(Map.of()).webhooks().require())
        .isInstanceOf(ConfigException.class).hasMessageContaining("SLACK_WEBHOOK_URL");
    assertThat(NotifierSettings.from(Map.of("WEBHOOKS_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:1:secret:x"))
        .webhooks().require().secretId()).isPresent();
  }

  @Test
  void readsAccountNamesRenotifyAndTable() {
    NotifierSettings config = NotifierSettings.from(Map.of(
        "SLACK_WEBHOOK_URL", "https://h.example.com/x",
        "ACCOUNT_NAMES", "111122223333=Production, 444455556666=Staging",
        "RENOTIFY_AFTER", "NEVER",
        "DEDUP_TABLE", "guardduty-slack-notified",
        "MIN_SEVERITY", "8.95"));
    assertThat(config.accountNames()).containsEntry("111122223333", "Production").containsEntry("444455556666", "Staging");
    assertThat(config.dedup().renotifyAfter()).isEmpty();
    assertThat(config.dedup().table()).contains("guardduty-slack-notified");
    assertThat(config.intake().minSeverity()).isEqualTo(8.95);
  }

  /** Each function loads only its own settings: a mistake in triage's own (not its button key) is not the notifier's. */
  @Test
  void theTriageFunctionsOwnSettingsAreNotTheNotifiers() {
    NotifierSettings settings = NotifierSettings.from(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/x",
        "TRIAGE_USERS", "alice", "SLACK_TEAM_ID", "C0123", "SLACK_SIGNING_SECRET_ARN", "not-an-arn"));

    assertThat(settings.buttons().present()).isFalse();
  }
}
