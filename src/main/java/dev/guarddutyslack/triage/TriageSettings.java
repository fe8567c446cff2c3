package dev.guarddutyslack.triage;

import dev.guarddutyslack.buttons.ButtonKeySetting;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Triage from Slack: the app's signing secret (its value, {@code SLACK_SIGNING_SECRET}, for local use; or the
 * Secrets Manager secret that holds it, {@code SLACK_SIGNING_SECRET_ARN}, as the stack sets it), the key that binds
 * each button to its finding ({@link ButtonKeySetting}), the Slack users allowed to act ({@code TRIAGE_USERS}) and
 * the workspace ({@code SLACK_TEAM_ID}). Triage is on when all are set, and off when none is; some but not all is a
 * mistake, reported by name. The triage function reads these, and the notifier only the button key.
 *
 * @param buttons the button key, as a value or as a secret's ARN
 */
public record TriageSettings(Optional<String> signingSecret, Optional<String> signingSecretArn, Set<String> users,
                             Optional<String> teamId, Optional<String> table, ButtonKeySetting buttons) {
  public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
  public static final String SIGNING_SECRET_ARN = "SLACK_SIGNING_SECRET_ARN";
  public static final String USERS = "TRIAGE_USERS";
  public static final String TEAM_ID = "SLACK_TEAM_ID";
  /** The stack's table, where every copy of the triage function remembers the clicks acted on. */
  public static final String TABLE = "TRIAGE_TABLE";
  public static final String RESPONSE_URL_PREFIX = "SLACK_RESPONSE_URL_PREFIX";
  /**
   * The notifier's queue, set by the stack where the notifier remembers its messages: a click is handed on there,
   * so that every copy of the finding's message in the Slack app's channels shows it.
   */
  public static final String NOTIFIER_QUEUE_URL = "NOTIFIER_QUEUE_URL";
  public static final TriageSettings OFF = new TriageSettings(Optional.empty(), Optional.empty(), Set.of(),
      Optional.empty(), Optional.empty(), ButtonKeySetting.NONE);
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Pattern TEAM = Pattern.compile("[TE][A-Z0-9]{2,20}");
  private static final Pattern SIGNING_SECRET_FORM = Pattern.compile("[0-9A-Za-z]{16,128}");
  private static final Pattern RESPONSE_URL_PREFIX_FORM = Pattern.compile("https?://[^\\s/?#@]+/[^\\s?#]*");

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
          + "), " + ButtonKeySetting.VALUE + " (or " + ButtonKeySetting.ARN + "), " + USERS + " and " + TEAM_ID);
    }
    return this;
  }

  /**
   * @throws ConfigException naming the variable that is wrong or missing
   */
  public static TriageSettings from(Env env) {
    Optional<String> secret = env.get(SIGNING_SECRET);
    Optional<String> arn = env.get(SIGNING_SECRET_ARN);
    ButtonKeySetting key = ButtonKeySetting.from(env);
    Optional<String> users = env.get(USERS);
    Optional<String> team = env.get(TEAM_ID);
    if (secret.isEmpty() && arn.isEmpty() && !key.present() && users.isEmpty() && team.isEmpty()) {
      return OFF;
    }
    env.either(SIGNING_SECRET, SIGNING_SECRET_ARN, "the secret is the deployed way, the value the local one");
    String needs = SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN + "), " + ButtonKeySetting.VALUE + " (or "
        + ButtonKeySetting.ARN + "), " + USERS + " and " + TEAM_ID + " together";
    String missing = secret.isEmpty() && arn.isEmpty() ? SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN + ")"
        : !key.present() ? ButtonKeySetting.VALUE + " (or " + ButtonKeySetting.ARN + ")"
        : users.isEmpty() ? USERS : team.isEmpty() ? TEAM_ID : null;
    if (missing != null) {
      throw new ConfigException("triage from Slack needs " + needs + "; " + missing + " is not set");
    }
    env.secretArn(SIGNING_SECRET_ARN);
    env.matching(SIGNING_SECRET, SIGNING_SECRET_FORM, "must be the app's signing secret: letters and digits, as"
        + " Slack shows it under Basic Information");
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
    env.matching(TEAM_ID, TEAM, "must be a Slack workspace id (T0123ABCD)");
    return new TriageSettings(secret, arn, ids, team, env.get(TABLE), key);
  }

  /**
   * {@code SLACK_RESPONSE_URL_PREFIX}, read by the triage function alone and for local tests only (the stack never
   * sets it): a {@code response_url} under it may be posted to, besides Slack's own hosts.
   *
   * @throws ConfigException when it is not an http(s) URL with a path
   */
  public static Optional<String> responseUrlPrefix(Env env) {
    return env.matching(RESPONSE_URL_PREFIX, RESPONSE_URL_PREFIX_FORM, "must be an http(s) URL with a path that"
        + " ends the host (http://127.0.0.1:8080/), for local tests only");
  }

  /** {@code NOTIFIER_QUEUE_URL}: where a click is handed on ({@link ClickNotices}); none when not set. */
  public static Optional<String> notifierQueue(Env env) {
    return env.get(NOTIFIER_QUEUE_URL);
  }
}
