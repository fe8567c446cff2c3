package dev.guarddutyslack.webhooks;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the webhooks are: in a Secrets Manager secret ({@code WEBHOOKS_SECRET_ID}, the deployed way), or in
 * variables ({@code SLACK_WEBHOOK_URL} for {@code DEFAULT}, {@code SLACK_WEBHOOK_URL_<name>} for a band or a
 * destination the routing rules send to; the local way). The names are checked here, the URLs where the webhooks
 * are built ({@link Webhooks#of}).
 *
 * @param fromEnvironment the URLs given as variables, by destination name
 * @param destinationNames the names something uses: the bands', {@code DEFAULT} and the rules' destinations
 */
public record WebhookSettings(Map<String, String> fromEnvironment, Optional<String> secretId,
                              Set<String> destinationNames) {
  public static final String URL = "SLACK_WEBHOOK_URL";
  public static final String SECRET_ID = "WEBHOOKS_SECRET_ID";

  public WebhookSettings {
    fromEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(fromEnvironment));
    destinationNames = Set.copyOf(destinationNames);
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
    Map<String, String> urls = new LinkedHashMap<>();
    env.get(URL).ifPresent(v -> urls.put(Webhooks.DEFAULT_KEY, v));
    for (String variable : env.names()) {
      if (variable.equals(URL) || !variable.regionMatches(true, 0, URL, 0, URL.length())) {
        continue;
      }
      String name = variable.startsWith(URL + "_") ? variable.substring(URL.length() + 1) : "";
      boolean known = Webhooks.BAND_NAMES.contains(name) && !name.equals(Webhooks.DEFAULT_KEY)
          || routed.contains(name) || !rulesRead && Webhooks.NAME.matcher(name).matches();
      if (!known) {
        env.problem(variable + " is read by nothing: the variables are " + URL + " and " + URL + "_<name> in upper"
            + " case, where the name is a band (LOW, MEDIUM, HIGH, CRITICAL) or a destination that a rule of ROUTES"
            + " sends to");
        continue;
      }
      env.get(variable).ifPresent(v -> urls.put(name, v));
    }
    Optional<String> secretId = env.get(SECRET_ID);
    if (secretId.isPresent() && !urls.isEmpty()) {
      env.problem("set either " + SECRET_ID + " or " + URL + "* variables, not both: the secret is the deployed"
          + " way, the variables the local one");
    }
    return new WebhookSettings(urls, secretId, names);
  }

  /**
   * These settings, where a webhook is needed (the deployed function; the preview can do without).
   *
   * @throws ConfigException when neither a secret nor a variable is set
   */
  public WebhookSettings require() {
    if (secretId.isEmpty() && fromEnvironment.isEmpty()) {
      throw new ConfigException("no Slack webhook configured: set " + SECRET_ID + " or " + URL + " (or " + URL
          + "_LOW/_MEDIUM/_HIGH/_CRITICAL)");
    }
    return this;
  }
}
