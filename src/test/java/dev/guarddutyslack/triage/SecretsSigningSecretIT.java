package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestAws;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The signing secret as the stack keeps it, in Secrets Manager on moto: read, kept, rotated, refused. */
@ExtendWith(Moto.class)
class SecretsSigningSecretIT {
  /** Generous: moto serves the whole integration layer at once. */
  private static final Duration TIME = Duration.ofSeconds(5);
  private final SecretsManager secrets = new SecretsManager(TestAws.client(AwsService.SECRETS_MANAGER));

  @Test
  void readOnceKeptForFiveMinutesThenRotatedAndKeptThroughAFailedRead() {
    String name = "guardduty-slack/signing-" + UUID.randomUUID();
    try (SecretsManagerClient client = TestAws.secretsManager()) {
      String arn = client.createSecret(b -> b.name(name).secretString("0f1e2d3c4b5a69788796a5b4c3d2e1f0\n")).arn();
      FakeTicker ticker = new FakeTicker();
      SecretsSigningSecret secret = new SecretsSigningSecret(secrets, arn, ticker, TIME);
      assertThat(secret.current(TIME)).isEqualTo("0f1e2d3c4b5a69788796a5b4c3d2e1f0");

      client.putSecretValue(b -> b.secretId(arn).secretString("99999999999999999999999999999999"));
      ticker.advance(Duration.ofMinutes(4));
      assertThat(secret.current(TIME)).as("kept within its five minutes").isEqualTo("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
      ticker.advance(Duration.ofMinutes(2));
      assertThat(secret.current(TIME)).as("the rotated value, after").isEqualTo("99999999999999999999999999999999");

      client.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
      ticker.advance(Duration.ofMinutes(6));
      assertThat(secret.current(TIME)).as("a failed read keeps the value read before")
          .isEqualTo("99999999999999999999999999999999");

      secret.forget();
      assertThatThrownBy(() -> secret.current(TIME)).isInstanceOfSatisfying(StoreUnavailableException.class,
          e -> assertThat(e.misconfigured()).as("no such secret is set up wrong").isTrue());
    }
  }

  @Test
  void aSecretHoldingJsonIsSetUpWrongAndSaysSoWithoutTheValue() {
    String name = "guardduty-slack/signing-json-" + UUID.randomUUID();
    try (SecretsManagerClient client = TestAws.secretsManager()) {
      String arn = client.createSecret(b -> b.name(name).secretString("{\"signingSecret\":\"0f1e2d3c4b5a6978\"}")).arn();
      assertThatThrownBy(() -> new SecretsSigningSecret(secrets, arn, new FakeTicker(), TIME).current(TIME))
          .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.misconfigured()).isTrue();
            assertThat(e.getMessage()).contains("plain-text value").doesNotContain("0f1e2d3c4b5a6978");
          });
      client.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
    }
  }
}
