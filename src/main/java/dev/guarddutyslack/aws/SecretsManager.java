package dev.guarddutyslack.aws;

import dev.guarddutyslack.json.JsonWriting;
import java.time.Duration;
import java.util.Optional;

/**
 * Secrets Manager, as the function uses it: a secret's string, and a question about the secret that reads no
 * value (SnapStart's priming request).
 *
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html">GetSecretValue</a>
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html">DescribeSecret</a>
 */
public final class SecretsManager {
  private final AwsJsonClient client;

  public SecretsManager(AwsJsonClient client) {
    this.client = client;
  }

  /**
   * The secret's current string; empty for a secret that holds binary data.
   *
   * @throws AwsException when it cannot be read
   */
  public Optional<String> secretString(String secretId, Duration timeLeft) {
    return Optional.ofNullable(client.call("GetSecretValue", secretIdRequest(secretId), timeLeft)
        .path("SecretString").asText(null));
  }

  /**
   * The string of the secret's version that has {@code stage} ({@code AWSCURRENT}, {@code AWSPREVIOUS}).
   *
   * @throws AwsException when it cannot be read; {@link AwsException.Code#NOT_FOUND} when no version has the stage
   */
  public Optional<String> secretString(String secretId, String stage, Duration timeLeft) {
    return Optional.ofNullable(client.call("GetSecretValue", JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("SecretId", secretId);
      g.writeStringField("VersionStage", stage);
    }), timeLeft).path("SecretString").asText(null));
  }

  /**
   * Asks about the secret without reading its value.
   *
   * @throws AwsException when Secrets Manager refuses or cannot answer
   */
  public void describe(String secretId, Duration timeLeft) {
    client.call("DescribeSecret", secretIdRequest(secretId), timeLeft);
  }

  private byte[] secretIdRequest(String secretId) {
    return JsonWriting.bytes(client.json(), g -> g.writeStringField("SecretId", secretId));
  }
}
