package dev.guarddutyslack.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Reads the webhooks from a Secrets Manager secret holding
 * {@code {"LOW":…,"MEDIUM":…,"HIGH":…,"CRITICAL":…,"DEFAULT":…}}. The client is built and the secret
 * fetched on first use, which with SnapStart is after restore, so no secret is ever in a snapshot; the value
 * is kept for {@link #TTL} so that a rotated webhook takes effect without a redeploy. Errors name the secret
 * and the key, never a value.
 *
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html">GetSecretValue</a>
 */
public final class SecretsWebhookSource implements WebhookSource {
  /** How long a fetched secret is used before it is read again. */
  public static final Duration TTL = Duration.ofMinutes(5);

  private final String secretId;
  private final Supplier<SecretsManagerClient> clientFactory;
  private final ObjectMapper mapper;
  private final Ticker ticker;
  private final Duration ttl;
  private SecretsManagerClient client;
  private Webhooks cached;
  private long fetchedAtNanos;

  public SecretsWebhookSource(String secretId, Supplier<SecretsManagerClient> clientFactory, ObjectMapper mapper,
                              Ticker ticker, Duration ttl) {
    this.secretId = secretId;
    this.clientFactory = clientFactory;
    this.mapper = mapper;
    this.ticker = ticker;
    this.ttl = ttl;
  }

  @Override
  public synchronized Webhooks webhooks() {
    long now = ticker.nanoTime();
    if (cached != null && now - fetchedAtNanos < ttl.toNanos()) {
      return cached;
    }
    String text;
    try {
      if (client == null) {
        client = clientFactory.get();
      }
      text = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
    } catch (SdkException e) {
      if (cached != null) {
        // A stale webhook beats none: keep posting with it until the secret can be read again.
        fetchedAtNanos = now - ttl.toNanos() + Duration.ofSeconds(30).toNanos();
        return cached;
      }
      throw new WebhooksUnavailableException("cannot read secret " + secretId + ": " + e.getClass().getSimpleName()
          + summary(e), null);
    }
    cached = parse(text);
    fetchedAtNanos = now;
    return cached;
  }

  @Override
  public synchronized void forget() {
    cached = null;
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private Webhooks parse(String text) {
    if (text == null) {
      throw new ConfigException("secret " + secretId + " has no SecretString");
    }
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException("secret " + secretId + " is not a JSON object of webhook URLs");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("secret " + secretId + " is not a JSON object of webhook URLs");
    }
    Map<String, String> values = new HashMap<>();
    root.properties().forEach(e -> values.put(e.getKey().toUpperCase(java.util.Locale.ROOT), e.getValue().asText("")));
    Webhooks webhooks = Webhooks.of(values, key -> "secret " + secretId + " key " + key);
    if (webhooks.isEmpty()) {
      throw new ConfigException("secret " + secretId + " holds no webhook: set at least DEFAULT or one band");
    }
    return webhooks;
  }

  /** The service's error code, which says what is wrong without quoting anything secret. */
  private static String summary(SdkException e) {
    if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
        && service.awsErrorDetails() != null) {
      return " (" + service.awsErrorDetails().errorCode() + ")";
    }
    return "";
  }
}
