package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.buttons.ButtonKeySetting;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The triage function's settings: on with all of them, off with none, and any other mix named, never a value. */
class TriageSettingsTest {
  private static final String SIGNING_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack-signing-AbCdEf";
  private static final String BUTTON_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:button-key-AbCdEf";
  private static final String BUTTON_KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void triageIsOnWithAllItsSettingsAndOffWithNone() {
    assertThat(ButtonKeySetting.from(Env.of(Map.of())).present()).isFalse();
    assertThat(TriageSettings.from(Env.of(Map.of("TRIAGE_USERS", "", "SLACK_TEAM_ID", " "))))
        .isEqualTo(TriageSettings.OFF);
    Map<String, String> env = Map.of("SLACK_SIGNING_SECRET_ARN", SIGNING_ARN, "TRIAGE_USERS", "U0123ABCD, W0456EFGH",
        "SLACK_TEAM_ID", "T0123ABCD", "TRIAGE_TABLE", "state", "TRIAGE_BUTTON_KEY_ARN", BUTTON_ARN);
    TriageSettings triage = TriageSettings.from(Env.of(env));
    assertThat(triage.on()).isTrue();
    assertThat(triage.users()).containsExactlyInAnyOrder("U0123ABCD", "W0456EFGH");
    assertThat(triage.teamId()).contains("T0123ABCD");
    assertThat(triage.signingSecretArn()).contains(SIGNING_ARN);
    assertThat(triage.table()).contains("state");
    assertThat(triage.buttons()).isEqualTo(new ButtonKeySetting(Optional.empty(), Optional.of(BUTTON_ARN)));
    assertThat(ButtonKeySetting.from(Env.of(Map.of("TRIAGE_BUTTON_KEY_ARN", BUTTON_ARN))).present())
        .as("the notifier's buttons: the key alone decides").isTrue();
    TriageSettings local = TriageSettings.from(Env.of(Map.of("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5",
        "TRIAGE_USERS", "U0123ABCD", "SLACK_TEAM_ID", "E0123ABCD", "TRIAGE_BUTTON_KEY", BUTTON_KEY)));
    assertThat(local.signingSecret()).isPresent();
    assertThat(local.buttons().value()).contains(BUTTON_KEY);
    assertThat(TriageSettings.responseUrlPrefix(Env.of(Map.of("SLACK_RESPONSE_URL_PREFIX",
        "http://127.0.0.1:8080/actions/"))))
        .contains("http://127.0.0.1:8080/actions/");
    assertThat(TriageSettings.responseUrlPrefix(Env.of(Map.of()))).as("never set by the stack").isEmpty();
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
    Map<String, String> env = new HashMap<>();
    for (String pair : variables.split(",")) {
      env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    assertThatThrownBy(() -> {
      TriageSettings.from(Env.of(env));
      TriageSettings.responseUrlPrefix(Env.of(env));
    })
        .isInstanceOf(ConfigException.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abcdef0123456789abcdef").doesNotContain("short"));
  }
}
