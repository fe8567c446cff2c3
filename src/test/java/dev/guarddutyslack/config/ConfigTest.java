package dev.guarddutyslack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.guardduty.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

  /** A variable in the wrong case is named, never silently a band without its webhook. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"slack_webhook_url_critical", "Slack_Webhook_Url",
      "SLACK_WEBHOOK_URLCRITICAL", "SLACK_WEBHOOK_URL_critical", "SLACK_WEBHOOK_URL_DEFAULT"})
  void aWebhookVariableNotOfTheExactFormIsReadByNothing(String variable) {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of(variable, "https://h.example.com" + SECRET_PATH)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(variable + " is read by nothing")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  /** Several mistakes: all of them, the rules' first, in one message. */
  @Test
  void everyProblemIsListedTheRulesFirst() {
    assertThatThrownBy(() -> Config.fromEnvironment(Map.of("MIN_SEVERITY", "SEVERE", "RENOTIFY_AFTER", "1d",
        "ROUTES", "[{\"name\":\"a\",\"to\":[\"a\"]}]", "DIGEST_BANDS", "CRITICAL")))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).extracting(p -> p.split("[: ]")[0])
              .containsExactly("ROUTES[0].to", "MIN_SEVERITY", "RENOTIFY_AFTER", "DIGEST_BANDS");
          assertThat(e.getMessage()).startsWith("4 configuration problems:\n  - ROUTES[0].to: ");
        });
  }

  @Test
  void theStormGuardDefaultsToTwentyInFiveMinutesWithNoDigestBands() {
    StormSettings storm = Config.fromEnvironment(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/x")).storm();

    assertThat(storm.threshold()).isEqualTo(20);
    assertThat(storm.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(storm.digestBands()).isEmpty();
    assertThat(storm.digestWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(storm.possible()).as("without the stack's table and queue it holds nothing back").isFalse();
  }

  @Test
  void theStormGuardReadsItsSettingsAndWhereItsStateLives() {
    StormSettings storm = Config.fromEnvironment(Map.of("SLACK_WEBHOOK_URL", "https://h.example.com/x",
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

  private static final String SIGNING_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack-signing-AbCdEf";
  private static final String BUTTON_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:button-key-AbCdEf";
  private static final String BUTTON_KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void triageIsOnWithAllItsSettingsAndOffWithNone() {
    assertThat(Config.fromEnvironment(Map.of()).message().buttons().present()).isFalse();
    assertThat(TriageSettings.from(Map.of("TRIAGE_USERS", "", "SLACK_TEAM_ID", " "))).isEqualTo(TriageSettings.OFF);
    Map<String, String> env = Map.of("SLACK_SIGNING_SECRET_ARN", SIGNING_ARN, "TRIAGE_USERS", "U0123ABCD, W0456EFGH",
        "SLACK_TEAM_ID", "T0123ABCD", "TRIAGE_TABLE", "state", "TRIAGE_BUTTON_KEY_ARN", BUTTON_ARN);
    TriageSettings triage = TriageSettings.from(env);
    assertThat(triage.on()).isTrue();
    assertThat(triage.users()).containsExactlyInAnyOrder("U0123ABCD", "W0456EFGH");
    assertThat(triage.teamId()).contains("T0123ABCD");
    assertThat(triage.signingSecretArn()).contains(SIGNING_ARN);
    assertThat(triage.table()).contains("state");
    assertThat(triage.buttons()).isEqualTo(new TriageSettings.Key(Optional.empty(), Optional.of(BUTTON_ARN)));
    assertThat(Config.fromEnvironment(Map.of("TRIAGE_BUTTON_KEY_ARN", BUTTON_ARN)).message().buttons().present())
        .as("the notifier's buttons: the key alone decides").isTrue();
    TriageSettings local = TriageSettings.from(Map.of("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5",
        "TRIAGE_USERS", "U0123ABCD", "SLACK_TEAM_ID", "E0123ABCD", "TRIAGE_BUTTON_KEY", BUTTON_KEY));
    assertThat(local.signingSecret()).isPresent();
    assertThat(local.buttons().value()).contains(BUTTON_KEY);
    assertThat(TriageSettings.responseUrlPrefix(Map.of("SLACK_RESPONSE_URL_PREFIX", "http://127.0.0.1:8080/actions/")))
        .contains("http://127.0.0.1:8080/actions/");
    assertThat(TriageSettings.responseUrlPrefix(Map.of())).as("never set by the stack").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "only the users | TRIAGE_USERS=U0123ABCD | SLACK_SIGNING_SECRET (or SLACK_SIGNING_SECRET_ARN) is not set",
      "no button key | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef"
          + " | TRIAGE_BUTTON_KEY (or TRIAGE_BUTTON_KEY_ARN) is not set",
      "no team | TRIAGE_USERS=U0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef,TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef | SLACK_TEAM_ID is not set",
      "no users | SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef,TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef | TRIAGE_USERS is not set",
      "a user name, not an id | TRIAGE_USERS=alice,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef,TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef"
          + " | item 1 is not one",
      "a channel, not a team | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=C0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef,TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef"
          + " | SLACK_TEAM_ID must be a Slack workspace id",
      "a webhook as the secret | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=https://x,TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef"
          + " | SLACK_SIGNING_SECRET must be the app's signing secret",
      "a name as the ARN | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET_ARN=slack-signing,TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef"
          + " | SLACK_SIGNING_SECRET_ARN must be the ARN",
      "a short button key | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef"
          + ",TRIAGE_BUTTON_KEY=short | TRIAGE_BUTTON_KEY must be a random key of at least 32 characters",
      "both button keys | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef"
          + ",TRIAGE_BUTTON_KEY=0123456789abcdef0123456789abcdef,TRIAGE_BUTTON_KEY_ARN=arn:aws:secretsmanager:eu-west-1:111122223333:secret:k-AbCdEf"
          + " | set either TRIAGE_BUTTON_KEY or TRIAGE_BUTTON_KEY_ARN",
      "a name as the key's ARN | TRIAGE_USERS=U0123ABCD,SLACK_TEAM_ID=T0123ABCD,SLACK_SIGNING_SECRET=abcdef0123456789abcdef"
          + ",TRIAGE_BUTTON_KEY_ARN=button-key | TRIAGE_BUTTON_KEY_ARN must be the ARN",
      "a response_url prefix without a path | SLACK_RESPONSE_URL_PREFIX=http://127.0.0.1:8080"
          + " | SLACK_RESPONSE_URL_PREFIX must be an http(s) URL with a path"})
  void triageHalfSetOrMistypedStopsTheStartNamingTheVariable(String name, String variables, String message) {
    Map<String, String> env = new java.util.HashMap<>();
    for (String pair : variables.split(",")) {
      env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
      TriageSettings.from(env);
      TriageSettings.responseUrlPrefix(env);
    })
        .isInstanceOf(ConfigException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abcdef0123456789abcdef").doesNotContain("short"));
  }
}
