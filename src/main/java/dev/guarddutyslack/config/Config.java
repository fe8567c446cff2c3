package dev.guarddutyslack.config;

import dev.guarddutyslack.aws.AwsSettings;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.routing.Routes;
import dev.guarddutyslack.routing.RoutesException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All settings, read once from the environment and validated; nothing else reads environment variables.
 * Errors name the variable, never its value, and name every variable that is wrong at once.
 *
 * @param minSeverity findings below this numeric severity are filtered
 * @param envWebhookUrls webhook URLs given as environment variables (local use), by destination name; the
 *     names are checked here, the URLs where the webhooks are built (at start, too)
 * @param webhooksSecretId the Secrets Manager secret holding the webhooks (the deployed way)
 * @param message what finding messages show besides the finding: account names, triage buttons
 * @param dedup the deduplication table and the re-notification interval
 * @param aws where AWS calls go (region and endpoint overrides, from the standard variables)
 * @param routes the routing rules ({@code ROUTES}); {@link Routes#NONE} when there are none
 * @param storm the storm guard and digests
 */
public record Config(
    double minSeverity,
    Map<String, String> envWebhookUrls,
    Optional<String> webhooksSecretId,
    Message message,
    Dedup dedup,
    AwsSettings aws,
    Routes routes,
    StormSettings storm) {

  /**
   * @param accountNames display names by account id
   * @param buttons the triage button key: with one, messages carry Archive, Useful and Not useful, bound to their
   *     finding by it (triage from Slack is on)
   */
  public record Message(Map<String, String> accountNames, TriageSettings.Key buttons) {
    public Message {
      accountNames = Map.copyOf(accountNames);
    }
  }

  /**
   * @param table the DynamoDB table that remembers notified findings; empty for stateless operation
   * @param renotifyAfter how long before an unchanged-band update is notified again; empty for never
   */
  public record Dedup(Optional<String> table, Optional<Duration> renotifyAfter) {}

  public static final String MIN_SEVERITY = "MIN_SEVERITY";
  public static final String WEBHOOK_URL = "SLACK_WEBHOOK_URL";
  public static final String WEBHOOKS_SECRET_ID = "WEBHOOKS_SECRET_ID";
  public static final String ACCOUNT_NAMES = "ACCOUNT_NAMES";
  public static final String DEDUP_TABLE = "DEDUP_TABLE";
  public static final String RENOTIFY_AFTER = "RENOTIFY_AFTER";
  public static final String ROUTES = "ROUTES";
  public static final String STORM_THRESHOLD = "STORM_THRESHOLD";
  public static final String STORM_WINDOW = "STORM_WINDOW";
  public static final String DIGEST_BANDS = "DIGEST_BANDS";
  public static final String DIGEST_WINDOW = "DIGEST_WINDOW";
  public static final String STORM_TABLE = "STORM_TABLE";
  public static final String DIGEST_QUEUE_URL = "DIGEST_QUEUE_URL";
  private static final Pattern MINUTES = Pattern.compile("PT([1-9]\\d{0,3})M|PT([1-9]\\d?)H");
  /** The destination every band without its own webhook uses. */
  public static final String DEFAULT_DESTINATION = "DEFAULT";
  /** The destinations every configuration may name: the bands and the default. */
  public static final Set<String> BAND_DESTINATIONS = bandDestinations();
  static final String DEFAULT_MIN_SEVERITY = "MEDIUM";
  static final Duration DEFAULT_RENOTIFY_AFTER = Duration.ofHours(24);
  /**
   * The longest re-notification interval: the deduplication table forgets a finding this long after its last
   * notification, so a longer interval could never apply.
   */
  public static final Duration MAX_RENOTIFY_AFTER = Duration.ofDays(90);
  /** NEVER, or whole days, hours or minutes; the template's RenotifyAfter pattern accepts the same. */
  private static final Pattern RENOTIFY_GRAMMAR = Pattern.compile("(NEVER)|P([1-9]\\d{0,8})D|PT([1-9]\\d{0,8})H|PT([1-9]\\d{0,8})M");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  public Config {
    envWebhookUrls = Map.copyOf(envWebhookUrls);
  }

  private static Set<String> bandDestinations() {
    Set<String> names = new java.util.TreeSet<>();
    for (Severity band : Severity.values()) {
      names.add(band.key());
    }
    names.add(DEFAULT_DESTINATION);
    return java.util.Collections.unmodifiableSet(names);
  }

  public Map<String, String> accountNames() {
    return message.accountNames();
  }

  public Optional<String> dedupTable() {
    return dedup.table();
  }

  public Optional<Duration> renotifyAfter() {
    return dedup.renotifyAfter();
  }

  /** The destination names something uses, the bands' and the rules': a webhook of any other name is a mistake. */
  public Set<String> destinationNames() {
    if (routes.isEmpty()) {
      return BAND_DESTINATIONS;
    }
    Set<String> names = new java.util.TreeSet<>(BAND_DESTINATIONS);
    names.addAll(routes.destinationFields(ROUTES).keySet());
    return java.util.Collections.unmodifiableSet(names);
  }

  /** The variable a destination's webhook is given in ({@code SLACK_WEBHOOK_URL}, {@code SLACK_WEBHOOK_URL_HIGH}). */
  public static String variableOf(String destination) {
    return DEFAULT_DESTINATION.equals(destination) ? WEBHOOK_URL : WEBHOOK_URL + "_" + destination;
  }

  /**
   * Reads and validates the settings.
   *
   * @throws ConfigException naming every variable that is wrong, the routing rules' mistakes first
   */
  public static Config fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> accountNames = read(problems, () -> accountNames(env), Map.of());
    Routes routes = Routes.NONE;
    boolean rulesRead = true;
    try {
      routes = Routes.parse(value(env, ROUTES).orElse(null), ROUTES, accountNames);
    } catch (RoutesException e) {
      problems.addAll(0, e.mistakes());
      rulesRead = false;
    }
    double minSeverity = read(problems, () -> {
      try {
        return Severity.parseMinimum(value(env, MIN_SEVERITY).orElse(DEFAULT_MIN_SEVERITY));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(MIN_SEVERITY + " " + e.getMessage());
      }
    }, 0.0);
    Map<String, String> urls = new LinkedHashMap<>();
    value(env, WEBHOOK_URL).ifPresent(v -> urls.put(DEFAULT_DESTINATION, v));
    Set<String> routed = routes.destinationFields(ROUTES).keySet();
    for (String variable : new java.util.TreeSet<>(env.keySet())) {
      if (variable.equals(WEBHOOK_URL) || !variable.regionMatches(true, 0, WEBHOOK_URL, 0, WEBHOOK_URL.length())) {
        continue;
      }
      String name = variable.startsWith(WEBHOOK_URL + "_") ? variable.substring(WEBHOOK_URL.length() + 1) : "";
      // A misspelt or mistyped name (slack_webhook_url_critical, SLACK_WEBHOOK_URL_CRITCAL) is named, never
      // silently a band without its webhook; a routed name is only known once the rules could be read.
      boolean known = BAND_DESTINATIONS.contains(name) && !name.equals(DEFAULT_DESTINATION) || routed.contains(name)
          || !rulesRead && name.matches("[A-Z0-9_]{1,40}");
      if (!known) {
        problems.add(variable + " is read by nothing: the variables are " + WEBHOOK_URL + " and " + WEBHOOK_URL
            + "_<name> in upper case, where the name is a band (LOW, MEDIUM, HIGH, CRITICAL) or a destination that"
            + " a rule of " + ROUTES + " sends to");
        continue;
      }
      value(env, variable).ifPresent(v -> urls.put(name, v));
    }
    Optional<String> secretId = value(env, WEBHOOKS_SECRET_ID);
    if (secretId.isPresent() && !urls.isEmpty()) {
      problems.add("set either " + WEBHOOKS_SECRET_ID + " or " + WEBHOOK_URL + "* variables, not both: the secret"
          + " is the deployed way, the variables the local one");
    }
    TriageSettings.Key buttons = read(problems, () -> TriageSettings.Key.from(env), TriageSettings.Key.NONE);
    Optional<Duration> renotifyAfter = read(problems, () -> renotifyAfter(env), Optional.empty());
    AwsSettings aws = read(problems, () -> aws(env), null);
    StormSettings storm = read(problems, () -> storm(env), StormSettings.OFF);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Config(minSeverity, urls, secretId, new Message(accountNames, buttons),
        new Dedup(value(env, DEDUP_TABLE), renotifyAfter), aws, routes, storm);
  }

  /** One setting read, its problems added to the others; {@code fallback} stands in so the rest can be read. */
  private static <T> T read(List<String> problems, java.util.function.Supplier<T> setting, T fallback) {
    try {
      return setting.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return fallback;
    }
  }

  /**
   * Fails unless some webhook can be found: in the environment or in a secret.
   *
   * @throws ConfigException when neither is set
   */
  public Config requireDestination() {
    if (webhooksSecretId.isEmpty() && envWebhookUrls.isEmpty()) {
      throw new ConfigException("no Slack webhook configured: set " + WEBHOOKS_SECRET_ID + " or "
          + WEBHOOK_URL + " (or " + WEBHOOK_URL + "_LOW/_MEDIUM/_HIGH/_CRITICAL)");
    }
    return this;
  }

  private static Map<String, String> accountNames(Map<String, String> env) {
    Map<String, String> names = new LinkedHashMap<>();
    value(env, ACCOUNT_NAMES).ifPresent(text -> {
      for (String entry : text.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        String id = eq < 0 ? "" : entry.substring(0, eq).trim();
        if (!ACCOUNT_ID.matcher(id).matches() || entry.substring(eq + 1).isBlank()) {
          throw new ConfigException(ACCOUNT_NAMES + " must be a comma-separated list of 12-digit-account-id=name");
        }
        names.put(id, entry.substring(eq + 1).trim());
      }
    });
    return names;
  }

  private static Optional<Duration> renotifyAfter(Map<String, String> env) {
    String text = value(env, RENOTIFY_AFTER).orElse(null);
    if (text == null) {
      return Optional.of(DEFAULT_RENOTIFY_AFTER);
    }
    Matcher m = RENOTIFY_GRAMMAR.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(RENOTIFY_AFTER + " must be NEVER or a duration of whole minutes, hours or days"
          + " such as PT30M, PT24H or P7D");
    }
    if (m.group(1) != null) {
      return Optional.empty();
    }
    Duration d;
    try {
      d = m.group(2) != null ? Duration.ofDays(Long.parseLong(m.group(2)))
          : m.group(3) != null ? Duration.ofHours(Long.parseLong(m.group(3)))
          : Duration.ofMinutes(Long.parseLong(m.group(4)));
    } catch (NumberFormatException | ArithmeticException e) {
      d = MAX_RENOTIFY_AFTER.plusDays(1);
    }
    if (d.compareTo(MAX_RENOTIFY_AFTER) > 0) {
      throw new ConfigException(RENOTIFY_AFTER + " must be from PT1M to P" + MAX_RENOTIFY_AFTER.toDays()
          + "D (how long a notified finding is remembered), or NEVER");
    }
    return Optional.of(d);
  }

  private static StormSettings storm(Map<String, String> env) {
    int threshold = StormSettings.DEFAULT_THRESHOLD;
    Optional<String> text = value(env, STORM_THRESHOLD);
    if (text.isPresent()) {
      if (!text.get().matches("0|[1-9]\\d{0,3}")) {
        throw new ConfigException(STORM_THRESHOLD + " must be a whole number from 0 (no storm guard) to 9999");
      }
      threshold = Integer.parseInt(text.get());
    }
    Duration window = minutes(env, STORM_WINDOW, StormSettings.DEFAULT_WINDOW, Duration.ofMinutes(60), false,
        "whole minutes from PT1M to PT60M");
    Duration digestWindow = minutes(env, DIGEST_WINDOW, StormSettings.DEFAULT_DIGEST_WINDOW, Duration.ofHours(24),
        true, "whole minutes or hours from PT1M to PT24H");
    java.util.Set<Severity> bands = java.util.EnumSet.noneOf(Severity.class);
    for (String band : value(env, DIGEST_BANDS).orElse("").split(",")) {
      String name = band.trim().toUpperCase(java.util.Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("CRITICAL")) {
        throw new ConfigException(DIGEST_BANDS + " cannot hold CRITICAL: a CRITICAL finding is always posted at once");
      }
      if (!name.equals("LOW") && !name.equals("MEDIUM") && !name.equals("HIGH")) {
        throw new ConfigException(DIGEST_BANDS + " must list bands among LOW, MEDIUM and HIGH, separated by commas");
      }
      bands.add(Severity.valueOf(name));
    }
    StormSettings settings = new StormSettings(threshold, window, bands, digestWindow, value(env, STORM_TABLE),
        value(env, DIGEST_QUEUE_URL));
    if (!bands.isEmpty() && !settings.possible()) {
      throw new ConfigException(DIGEST_BANDS + " needs " + STORM_TABLE + " and " + DIGEST_QUEUE_URL + " (the stack"
          + " sets them): a digest is built from the table and sent by a message to the queue");
    }
    return settings;
  }

  private static Duration minutes(Map<String, String> env, String variable, Duration fallback, Duration max,
                                  boolean hours, String grammar) {
    Optional<String> text = value(env, variable);
    if (text.isEmpty()) {
      return fallback;
    }
    Matcher m = MINUTES.matcher(text.get());
    Duration d = !m.matches() ? null : m.group(1) != null ? Duration.ofMinutes(Long.parseLong(m.group(1)))
        : Duration.ofHours(Long.parseLong(m.group(2)));
    if (d == null || d.compareTo(max) > 0 || (!hours && m.group(2) != null)) {
      throw new ConfigException(variable + " must be " + grammar);
    }
    return d;
  }

  /** Region and endpoint overrides for the AWS calls: the standard variables only. */
  private static AwsSettings aws(Map<String, String> env) {
    Optional<String> region = value(env, AwsSettings.REGION).or(() -> value(env, AwsSettings.DEFAULT_REGION));
    Map<String, URI> services = new LinkedHashMap<>();
    for (String variable : List.of("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_SQS",
        "AWS_ENDPOINT_URL_GUARDDUTY")) {
      value(env, variable).ifPresent(v -> services.put(variable, endpoint(variable, v)));
    }
    return new AwsSettings(region, value(env, AwsSettings.ENDPOINT_URL)
        .map(v -> endpoint(AwsSettings.ENDPOINT_URL, v)), services);
  }

  private static URI endpoint(String variable, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null || !(("https".equals(uri.getScheme())) || "http".equals(uri.getScheme()))) {
        throw new ConfigException(variable + " must be an http(s) URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(variable + " must be an http(s) URL");
    }
  }

  static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
