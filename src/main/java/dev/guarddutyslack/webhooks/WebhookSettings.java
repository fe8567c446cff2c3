package dev.guarddutyslack.webhooks;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * Where the webhooks and channels are: in a Secrets Manager secret ({@code WEBHOOKS_SECRET_ID}, the deployed
 * way), or in variables (the local way): {@code SLACK_WEBHOOK_URL} for {@code DEFAULT} and
 * {@code SLACK_WEBHOOK_URL_<name>} for a band or a destination the routing rules send to; or, for the Slack app,
 * {@code SLACK_CHANNEL} and {@code SLACK_CHANNEL_<name>} with the bot token in {@code SLACK_BOT_TOKEN}. The
 * names are checked here, the URLs and channel ids where they are built ({@link Webhooks#of},
 * {@link Webhooks#withChannels}).
 *
 * @param fromEnvironment the URLs given as variables, by destination name
 * @param destinationNames the names something uses: the bands', {@code DEFAULT} and the rules' destinations
 * @param channelsFromEnvironment the channel ids given as variables, by destination name
 * @param botToken the app's bot token, as a variable
 * @param api the Web API's base URL: Slack's, unless a test points {@code SLACK_API_URL} at its double
 */
public record WebhookSettings(Map<String, String> fromEnvironment, Optional<String> secretId,
                              Set<String> destinationNames, Map<String, String> channelsFromEnvironment,
                              Optional<String> botToken, HttpUrl api) {
  public static final String URL = "SLACK_WEBHOOK_URL";
  public static final String SECRET_ID = "WEBHOOKS_SECRET_ID";
  public static final String CHANNEL = "SLACK_CHANNEL";
  public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
  public static final String API_URL = "SLACK_API_URL";

  public WebhookSettings {
    fromEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(fromEnvironment));
    destinationNames = Set.copyOf(destinationNames);
    channelsFromEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(channelsFromEnvironment));
  }

  /** Webhooks only, from variables or a secret (as before the Slack app). */
  public WebhookSettings(Map<String, String> fromEnvironment, Optional<String> secretId, Set<String> destinationNames) {
    this(fromEnvironment, secretId, destinationNames, Map.of(), Optional.empty(), Channel.SLACK_API);
  }

  /** The variable a destination's channel is given in ({@code SLACK_CHANNEL}, {@code SLACK_CHANNEL_ONCALL}). */
  public static String channelVariableOf(String destination) {
    return Webhooks.DEFAULT_KEY.equals(destination) ? CHANNEL : CHANNEL + "_" + destination;
  }

  /**
   * The webhooks and channels given as variables.
   *
   * @throws ConfigException as {@link Webhooks#of} and {@link Webhooks#withChannels} say
   */
  public Webhooks environment() {
    return Webhooks.of(fromEnvironment, destinationNames, WebhookSettings::variableOf)
        .withChannels(channelsFromEnvironment, botToken, api, destinationNames, WebhookSettings::channelVariableOf,
            BOT_TOKEN);
  }

  /** The variable a destination's webhook is given in ({@code SLACK_WEBHOOK_URL}, {@code SLACK_WEBHOOK_URL_HIGH}). */
  public static String variableOf(String destination) {
    return Webhooks.DEFAULT_KEY.equals(destination) ? URL : URL + "_" + destination;
  }

  /**
   * Reads the webhook variables, each problem joining the environment's others: a variable that no band or rule
   * reads (a misspelt or mistyped name such as {@code slack_webhook_url_critical} or {@code SLACK_WEBHOOK_URL_CRITCAL})
   * is named, never silently a band without its webhook.
   *
   * @param routed the destinations the routing rules send to
   * @param rulesRead whether the rules could be read (until they can, a routed name is not known)
   */
  public static WebhookSettings from(Env env, Set<String> routed, boolean rulesRead) {
    Set<String> names = new TreeSet<>(Webhooks.BAND_NAMES);
    names.addAll(routed);
    Map<String, String> urls = byName(env, URL, routed, rulesRead);
    Map<String, String> channels = byName(env, CHANNEL, routed, rulesRead);
    Optional<String> token = env.get(BOT_TOKEN).filter(v -> !v.isBlank());
    Optional<String> secretId = env.get(SECRET_ID);
    if (secretId.isPresent() && !(urls.isEmpty() && channels.isEmpty() && token.isEmpty())) {
      env.problem("set either " + SECRET_ID + " or " + URL + "*, " + CHANNEL + "* and " + BOT_TOKEN + " variables,"
          + " not both: the secret is the deployed way, the variables the local one");
    }
    HttpUrl api = Channel.SLACK_API;
    // Only a test sets it (to its double); the template does not declare it, so it is read only when present.
    Optional<String> apiUrl = env.names().contains(API_URL) ? env.get(API_URL).filter(v -> !v.isBlank())
        : Optional.empty();
    if (apiUrl.isPresent()) {
      HttpUrl parsed = HttpUrl.parse(apiUrl.get().trim());
      // The bot token goes wherever this points: only Slack's own hosts, or a test's double on loopback.
      boolean loopback = parsed != null && java.util.Set.of("127.0.0.1", "localhost", "::1").contains(parsed.host());
      boolean slack = parsed != null && parsed.isHttps() && java.util.Set.of("slack.com", "slack-gov.com")
          .contains(parsed.host());
      if (parsed == null || !(loopback || slack) || !parsed.encodedPath().endsWith("/")) {
        env.problem(API_URL + " is for tests: a double on 127.0.0.1 or localhost, or Slack's own https://slack.com/api/"
            + " (the default) or https://slack-gov.com/api/, ending in /");
      } else {
        api = parsed;
      }
    }
    return new WebhookSettings(urls, secretId, names, channels, token, api);
  }

  /**
   * The variables {@code <prefix>} (for {@code DEFAULT}) and {@code <prefix>_<name>}, by destination name; a
   * variable that no band or rule reads (a misspelt or mistyped name) is named.
   */
  private static Map<String, String> byName(Env env, String prefix, Set<String> routed, boolean rulesRead) {
    Map<String, String> values = new LinkedHashMap<>();
    env.get(prefix).ifPresent(v -> values.put(Webhooks.DEFAULT_KEY, v));
    for (String variable : env.names()) {
      if (variable.equals(prefix) || !variable.regionMatches(true, 0, prefix, 0, prefix.length())) {
        continue;
      }
      String name = variable.startsWith(prefix + "_") ? variable.substring(prefix.length() + 1) : "";
      boolean known = Webhooks.BAND_NAMES.contains(name) && !name.equals(Webhooks.DEFAULT_KEY)
          || routed.contains(name) || !rulesRead && Webhooks.NAME.matcher(name).matches();
      if (!known) {
        env.problem(variable + " is read by nothing: the variables are " + prefix + " and " + prefix + "_<name> in"
            + " upper case, where the name is a band (LOW, MEDIUM, HIGH, CRITICAL) or a destination that a rule of"
            + " ROUTES sends to");
        continue;
      }
      env.get(variable).ifPresent(v -> values.put(name, v));
    }
    return values;
  }

  /**
   * These settings, where a webhook is needed (the deployed function; the preview can do without).
   *
   * @throws ConfigException when neither a secret nor a variable is set
   */
  public WebhookSettings require() {
    if (secretId.isEmpty() && fromEnvironment.isEmpty() && channelsFromEnvironment.isEmpty()) {
      throw new ConfigException("no Slack webhook configured: set " + SECRET_ID + " or " + URL + " (or " + URL
          + "_LOW/_MEDIUM/_HIGH/_CRITICAL, or " + CHANNEL + " with " + BOT_TOKEN + ")");
    }
    return this;
  }
}
