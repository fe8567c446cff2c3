package dev.guarddutyslack.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Triage from Slack: the app's signing secret (its value, {@code SLACK_SIGNING_SECRET}, for local use; or the
 * Secrets Manager secret that holds it, {@code SLACK_SIGNING_SECRET_ARN}, as the stack sets it), the Slack
 * users allowed to act ({@code TRIAGE_USERS}) and the workspace ({@code SLACK_TEAM_ID}). Triage is on when all
 * are set, and off when none is; some but not all is a mistake, reported by name.
 */
public record TriageSettings(Optional<String> signingSecret, Optional<String> signingSecretArn, Set<String> users,
                             Optional<String> teamId, Optional<String> table) {
  public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
  public static final String SIGNING_SECRET_ARN = "SLACK_SIGNING_SECRET_ARN";
  public static final String USERS = "TRIAGE_USERS";
  public static final String TEAM_ID = "SLACK_TEAM_ID";
  /** The stack's table, where every copy of the triage function remembers the clicks acted on. */
  public static final String TABLE = "TRIAGE_TABLE";
  public static final TriageSettings OFF = new TriageSettings(Optional.empty(), Optional.empty(), Set.of(),
      Optional.empty(), Optional.empty());
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Pattern TEAM = Pattern.compile("[TE][A-Z0-9]{2,20}");
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

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
          + "), " + USERS + " and " + TEAM_ID);
    }
    return this;
  }

  /**
   * @throws ConfigException naming the variable that is wrong or missing
   */
  public static TriageSettings from(Map<String, String> env) {
    Optional<String> secret = Config.value(env, SIGNING_SECRET);
    Optional<String> arn = Config.value(env, SIGNING_SECRET_ARN);
    Optional<String> users = Config.value(env, USERS);
    Optional<String> team = Config.value(env, TEAM_ID);
    if (secret.isEmpty() && arn.isEmpty() && users.isEmpty() && team.isEmpty()) {
      return OFF;
    }
    if (secret.isPresent() && arn.isPresent()) {
      throw new ConfigException("set either " + SIGNING_SECRET + " or " + SIGNING_SECRET_ARN + ", not both: the"
          + " secret is the deployed way, the value the local one");
    }
    if (secret.isEmpty() && arn.isEmpty() || users.isEmpty() || team.isEmpty()) {
      String missing = secret.isEmpty() && arn.isEmpty() ? SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN + ")"
          : users.isEmpty() ? USERS : TEAM_ID;
      throw new ConfigException("triage from Slack needs " + SIGNING_SECRET + " (or " + SIGNING_SECRET_ARN + "), "
          + USERS + " and " + TEAM_ID + " together; " + missing + " is not set");
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
    return new TriageSettings(secret, arn, ids, team, Config.value(env, TABLE));
  }
}
