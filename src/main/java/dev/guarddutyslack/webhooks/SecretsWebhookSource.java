package dev.guarddutyslack.webhooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.time.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the webhooks from a Secrets Manager secret holding
 * {@code {"LOW":…,"MEDIUM":…,"HIGH":…,"CRITICAL":…,"DEFAULT":…}}, and the channels the Slack app posts to as
 * {@code "channel:<name>": "C0123456789"} with its bot token under {@code BOT_TOKEN}. The secret is fetched on first use, which
 * with SnapStart is after restore, so no secret is ever in a snapshot; the value is kept for {@link #TTL} so
 * that a rotated webhook takes effect without a redeploy. Errors name the secret and the key, never a value.
 *
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html">GetSecretValue</a>
 */
public final class SecretsWebhookSource implements WebhookSource {
  /** How long a fetched secret is used before it is read again. */
  public static final Duration TTL = Duration.ofMinutes(5);
  /** The time one read of the secret may take, retries included. */
  static final Duration READ_TIME = Duration.ofSeconds(5);

  private final String secretId;
  private final Set<String> known;
  private final SecretsManager secretsManager;
  private final JsonFactory json;
  private final Ticker ticker;
  private final Duration ttl;
  /** The key of the app's bot token in the secret. */
  public static final String BOT_TOKEN_KEY = "BOT_TOKEN";
  /** What opens the key of a destination's channel in the secret ({@code channel:ONCALL}). */
  public static final String CHANNEL_PREFIX = "channel:";

  private final java.util.function.Consumer<String> warnings;
  private final okhttp3.HttpUrl api;
  private Webhooks cached;
  private long fetchedAtNanos;

  /**
   * @param known the destination names something uses ({@link Webhooks#of}); any other key is an error
   * @param warnings told, on each read, of every key whose webhook is empty
   */
  public SecretsWebhookSource(String secretId, Set<String> known, SecretsManager secretsManager, JsonFactory json,
                              Ticker ticker, Duration ttl, java.util.function.Consumer<String> warnings) {
    this(secretId, known, secretsManager, json, ticker, ttl, warnings, Channel.SLACK_API);
  }

  /** @param api the Web API's base URL ({@link Channel#SLACK_API}; a test's double) */
  public SecretsWebhookSource(String secretId, Set<String> known, SecretsManager secretsManager, JsonFactory json,
                              Ticker ticker, Duration ttl, java.util.function.Consumer<String> warnings,
                              okhttp3.HttpUrl api) {
    this.api = api;
    this.warnings = warnings;
    this.secretId = secretId;
    this.known = Set.copyOf(known);
    this.secretsManager = secretsManager;
    this.json = json;
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
      text = secretsManager.secretString(secretId, READ_TIME).orElse(null);
    } catch (RuntimeException e) {
      if (cached != null) {
        // A stale webhook beats none: keep posting with it until the secret can be read again.
        fetchedAtNanos = now - ttl.toNanos() + Duration.ofSeconds(30).toNanos();
        return cached;
      }
      boolean misconfigured = e instanceof AwsException aws && aws.code().misconfiguration();
      String why = e instanceof AwsException ? e.getMessage() : e.getClass().getSimpleName();
      throw new StoreUnavailableException("cannot read secret " + secretId + ": " + why, misconfigured, e);
    }
    cached = parse(text);
    fetchedAtNanos = now;
    return cached;
  }

  /**
   * Asks Secrets Manager about the secret without reading its value ({@code DescribeSecret}), so that
   * signing, the endpoint and the answer's path are warm in a snapshot that holds no webhook.
   *
   * @return empty when Secrets Manager answered; otherwise what it said, naming the secret
   */
  public java.util.Optional<StoreUnavailableException> prime() {
    try {
      secretsManager.describe(secretId, READ_TIME);
      return java.util.Optional.empty();
    } catch (AwsException e) {
      return java.util.Optional.of(new StoreUnavailableException("cannot read secret " + secretId + ": "
          + e.getMessage(), e.code().misconfiguration(), e));
    }
  }

  @Override
  public synchronized void forget() {
    cached = null;
  }

  private Webhooks parse(String text) {
    if (text == null) {
      throw new ConfigException("secret " + secretId + " has no SecretString");
    }
    JsonNode root;
    try {
      root = JsonTree.read(json, text);
    } catch (IOException e) {
      throw new ConfigException("secret " + secretId + " is not a JSON object of webhook URLs");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("secret " + secretId + " is not a JSON object of webhook URLs");
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> channels = new LinkedHashMap<>();
    java.util.Optional<String> token = java.util.Optional.empty();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String value = e.getValue().isNull() ? "" : e.getValue().asText("");
      if (e.getKey().equals(BOT_TOKEN_KEY)) {
        token = java.util.Optional.of(value);
      } else if (e.getKey().regionMatches(true, 0, CHANNEL_PREFIX, 0, CHANNEL_PREFIX.length())) {
        channels.put(e.getKey().substring(CHANNEL_PREFIX.length()), value);
      } else {
        values.put(e.getKey(), value);
      }
    }
    Webhooks webhooks = Webhooks.of(values, known, key -> "secret " + secretId + " key " + key)
        .withChannels(channels, token, api, known, key -> "secret " + secretId + " key " + CHANNEL_PREFIX + key,
            "the key " + BOT_TOKEN_KEY + " of secret " + secretId);
    if (webhooks.isEmpty()) {
      throw new ConfigException("secret " + secretId + " holds no webhook: set at least DEFAULT or one band (or a"
          + " channel:<name> key with " + BOT_TOKEN_KEY + ")");
    }
    // An empty value is a band (or destination) without a webhook of its own: said, so that a half-done edit of
    // the secret is seen, and what becomes of its findings.
    values.forEach((key, value) -> {
      String name = key.toUpperCase(java.util.Locale.ROOT);
      if (value.isBlank()) {
        String then = name.equals(Webhooks.DEFAULT_KEY) ? "bands without a webhook of their own are not posted"
            : Webhooks.BAND_NAMES.contains(name) ? (webhooks.forDestination(name).isPresent()
                ? "its findings go to the DEFAULT webhook" : "its findings are not posted (there is no DEFAULT either)")
            : "nothing is posted to it";
        warnings.accept("secret " + secretId + " key " + name + " is empty: " + then);
      }
    });
    return webhooks;
  }
}
