package dev.guarddutyslack.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Triage from Slack: the app's signing secret (its value, {@code SLACK_SIGNING_SECRET}, for local use; or the
 * Secrets Manager secret that holds it, {@code SLACK_SIGNING_SECRET_ARN}, as the stack sets it), the key that binds
 * each button to its finding ({@code TRIAGE_BUTTON_KEY}, or the stack's generated secret
 * {@code TRIAGE_BUTTON_KEY_ARN}), the Slack users allowed to act ({@code TRIAGE_USERS}) and the workspace
 * ({@code SLACK_TEAM_ID}). Triage is on when all are set, and off when none is; some but not all is a mistake,
 * reported by name.
 *
 * @param buttons the button key, as a value or as a secret's ARN
 */
public record TriageSettings(Optional<String> signingSecret, Optional<String> signingSecretArn, Set<String> users,
                             Optional<String> teamId, Optional<String> table, Key buttons) {
  public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
  public static final String SIGNING_SECRET_ARN = "SLACK_SIGNING_SECRET_ARN";
  public static final String BUTTON_KEY = "TRIAGE_BUTTON_KEY";
  public static final String BUTTON_KEY_ARN = "TRIAGE_BUTTON_KEY_ARN";
  public static final String USERS = "TRIAGE_USERS";
  public static final String TEAM_ID = "SLACK_TEAM_ID";
  /** The stack's table, where every copy of the triage function remembers the clicks acted on. */
  public static final String TABLE = "TRIAGE_TABLE";
  public static final String RESPONSE_URL_PREFIX = "SLACK_RESPONSE_URL_PREFIX";
  public static final TriageSettings OFF = new TriageSettings(Optional.empty(), Optional.empty(), Set.of(),
      Optional.empty(), Optional.empty(), Key.NONE);
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Pattern TEAM = Pattern.compile("[TE][A-Z0-9]{2,20}");
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
  /** At least 256 bits of a generated password's letters and digits; no white space. */
  private static final Pattern BUTTON_KEY_VALUE = Pattern.compile("\\S{32,1024}");

  /**
   * The button key: its value ({@code TRIAGE_BUTTON_KEY}) or the secret that holds it ({@code
   * TRIAGE_BUTTON_KEY_ARN}); neither when triage is off. The notifier reads this alone: its messages carry triage
   * buttons exactly when a key is set (the stack sets one only with triage on).
   */
  public record Key(Optional<String> value, Optional<String> secretArn) {
    public static final Key NONE = new Key(Optional.empty(), Optional.empty());

    /** Whether there is a key: triage is on, and messages carry its buttons. */
    public boolean present() {
      return value.isPresent() || secretArn.isPresent();
    }

    /**
     * @throws ConfigException naming the variable that is wrong
     */
    public static Key from(Map<String, String> env) {
      Optional<String> key = Config.value(env, BUTTON_KEY);
      Optional<String> keyArn = Config.value(env, BUTTON_KEY_ARN);
      either(key, keyArn, BUTTON_KEY, BUTTON_KEY_ARN, "the stack generates the key and sets the ARN; the value is"
          + " for local use");
      if (keyArn.isPresent() && !SECRET_ARN.matcher(keyArn.get()).matches()) {
        throw new ConfigException(BUTTON_KEY_ARN + " must be the ARN of a Secrets Manager secret");
      }
      if (key.isPresent() && !BUTTON_KEY_VALUE.matcher(key.get()).matches()) {
        throw new ConfigException(BUTTON_KEY + " must be a random key of at least 32 characters without white"
            + " space (openssl rand -hex 32 makes one)");
      }
      return new Key(key, keyArn);
    }
  }

  public TriageSettings {
    users = Set.copyOf(users);
  }

  /** Whether clicks are acted on, and finding messages carry the buttons. */
  public boolean on() {
    return !users.isEmpty();
  }

  /**
   * These settings, for the triage function, which has nothing to do without them.
   *
   * @throws ConfigException when triage is off
   */
  public TriageSettings requireOn() {
    if (!on()) {
      throw new ConfigException("triage from Slack is off: set " + SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN
          + "), " + BUTTON_KEY + " (or " + BUTTON_KEY_ARN + "), " + USERS + " and " + TEAM_ID);
    }
    return this;
  }

  /**
   * @throws ConfigException naming the variable that is wrong or missing
   */
  public static TriageSettings from(Map<String, String> env) {
    Optional<String> secret = Config.value(env, SIGNING_SECRET);
    Optional<String> arn = Config.value(env, SIGNING_SECRET_ARN);
    Key key = Key.from(env);
    Optional<String> users = Config.value(env, USERS);
    Optional<String> team = Config.value(env, TEAM_ID);
    if (secret.isEmpty() && arn.isEmpty() && !key.present() && users.isEmpty() && team.isEmpty()) {
      return OFF;
    }
    either(secret, arn, SIGNING_SECRET, SIGNING_SECRET_ARN, "the secret is the deployed way, the value the local one");
    String needs = SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN + "), " + BUTTON_KEY + " (or " + BUTTON_KEY_ARN
        + "), " + USERS + " and " + TEAM_ID + " together";
    String missing = secret.isEmpty() && arn.isEmpty() ? SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN + ")"
        : !key.present() ? BUTTON_KEY + " (or " + BUTTON_KEY_ARN + ")"
        : users.isEmpty() ? USERS : team.isEmpty() ? TEAM_ID : null;
    if (missing != null) {
      throw new ConfigException("triage from Slack needs " + needs + "; " + missing + " is not set");
    }
    if (arn.isPresent() && !SECRET_ARN.matcher(arn.get()).matches()) {
      throw new ConfigException(SIGNING_SECRET_ARN + " must be the ARN of a Secrets Manager secret");
    }
    if (secret.isPresent() && !secret.get().matches("[0-9A-Za-z]{16,128}")) {
      throw new ConfigException(SIGNING_SECRET + " must be the app's signing secret: letters and digits, as Slack shows"
          + " it under Basic Information");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : users.get().split("[,\\s]+")) {
      if (id.isEmpty()) {
        continue;
      }
      if (!USER.matcher(id).matches()) {
        throw new ConfigException(USERS + " must list Slack user ids (U0123ABCD, W0123ABCD), separated by commas;"
            + " item " + (ids.size() + 1) + " is not one");
      }
      ids.add(id);
    }
    if (ids.isEmpty()) {
      throw new ConfigException(USERS + " lists no Slack user id");
    }
    if (!TEAM.matcher(team.get()).matches()) {
      throw new ConfigException(TEAM_ID + " must be a Slack workspace id (T0123ABCD)");
    }
    return new TriageSettings(secret, arn, ids, team, Config.value(env, TABLE), key);
  }

  /**
   * {@code SLACK_RESPONSE_URL_PREFIX}, read by the triage function alone and for local tests only (the stack never
   * sets it): a {@code response_url} under it may be posted to, besides Slack's own hosts.
   *
   * @throws ConfigException when it is not an http(s) URL with a path
   */
  public static Optional<String> responseUrlPrefix(Map<String, String> env) {
    Optional<String> prefix = Config.value(env, RESPONSE_URL_PREFIX);
    if (prefix.isPresent() && !prefix.get().matches("https?://[^\\s/?#@]+/[^\\s?#]*")) {
      throw new ConfigException(RESPONSE_URL_PREFIX + " must be an http(s) URL with a path that ends the host"
          + " (http://127.0.0.1:8080/), for local tests only");
    }
    return prefix;
  }

  private static void either(Optional<String> value, Optional<String> arn, String valueName, String arnName,
                             String why) {
    if (value.isPresent() && arn.isPresent()) {
      throw new ConfigException("set either " + valueName + " or " + arnName + ", not both: " + why);
    }
  }
}
