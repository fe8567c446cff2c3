package dev.guarddutyslack.buttons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The button key as the stack keeps it, in Secrets Manager on moto: signed with, rotated, refreshed, refused. */
@ExtendWith(Moto.class)
class SecretsButtonKeysIT {
  /** Generous: moto serves the whole integration layer at once. */
  private static final Duration TIME = Duration.ofSeconds(5);
  private final SecretsManager secrets = new SecretsManager(TestAws.client(AwsService.SECRETS_MANAGER));
  private final List<String> warnings = new ArrayList<>();

  private static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  @Test
  void theCurrentKeySignsAndAfterARotationThePreviousOneStillVerifies() {
    try (SecretsManagerClient client = TestAws.secretsManager()) {
      String arn = client.createSecret(b -> b.name("guardduty-slack/button-" + UUID.randomUUID())
          .secretString("first-key-0123456789abcdef0123456789")).arn();
      FakeTicker ticker = new FakeTicker();
      SecretsButtonKeys keys = new SecretsButtonKeys(secrets, arn, ticker, warnings::add);
      assertThat(text(keys.current(TIME))).isEqualTo("first-key-0123456789abcdef0123456789");
      assertThat(keys.accepted(false, TIME)).extracting(SecretsButtonKeysIT::text).as("never rotated: no previous")
          .containsExactly("first-key-0123456789abcdef0123456789");

      client.putSecretValue(b -> b.secretId(arn).secretString("second-key-0123456789abcdef012345678"));
      assertThat(text(keys.current(TIME))).as("kept within its five minutes")
          .isEqualTo("first-key-0123456789abcdef0123456789");
      ticker.advance(Duration.ofSeconds(31));
      assertThat(keys.accepted(true, TIME)).extracting(SecretsButtonKeysIT::text)
          .as("read again on demand: a button may be younger than the cache")
          .containsExactly("second-key-0123456789abcdef012345678", "first-key-0123456789abcdef0123456789");
      assertThat(text(keys.current(TIME))).isEqualTo("second-key-0123456789abcdef012345678");
      assertThat(warnings).isEmpty();
    }
  }

  /** Forged buttons cannot make every click read the secret: on demand at most once per 30 seconds. */
  @Test
  void readsOnDemandAreSpacedOut() {
    try (SecretsManagerClient client = TestAws.secretsManager()) {
      String arn = client.createSecret(b -> b.name("guardduty-slack/button-" + UUID.randomUUID())
          .secretString("first-key-0123456789abcdef0123456789")).arn();
      FakeTicker ticker = new FakeTicker();
      SecretsButtonKeys keys = new SecretsButtonKeys(secrets, arn, ticker, warnings::add);
      keys.accepted(false, TIME);
      client.putSecretValue(b -> b.secretId(arn).secretString("second-key-0123456789abcdef012345678"));
      ticker.advance(Duration.ofSeconds(10));
      assertThat(keys.accepted(true, TIME)).extracting(SecretsButtonKeysIT::text)
          .containsExactly("first-key-0123456789abcdef0123456789");
    }
  }

  @Test
  void aKeyThatCannotBeReadIsSaidOnceAndNotAskedForAgainAtOnce() {
    String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:guardduty-slack/none-AbCdEf";
    FakeTicker ticker = new FakeTicker();
    SecretsButtonKeys keys = new SecretsButtonKeys(secrets, arn, ticker, warnings::add);
    assertThatThrownBy(() -> keys.current(TIME)).isInstanceOfSatisfying(StoreUnavailableException.class,
        e -> assertThat(e.misconfigured()).isTrue());
    assertThatThrownBy(() -> keys.current(TIME)).isInstanceOf(StoreUnavailableException.class);
    assertThat(warnings).singleElement().asString().contains("triage button key", arn,
        "without triage buttons");
  }
}
