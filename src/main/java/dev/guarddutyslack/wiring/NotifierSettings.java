package dev.guarddutyslack.wiring;

import dev.guarddutyslack.aws.AwsSettings;
import dev.guarddutyslack.buttons.ButtonKeySetting;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.core.Intake;
import dev.guarddutyslack.dedup.DedupSettings;
import dev.guarddutyslack.format.AccountNames;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.routing.Routes;
import dev.guarddutyslack.storm.StormSettings;
import dev.guarddutyslack.webhooks.WebhookSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notifier's settings: each feature's own, read through one {@link Env} so that one start names every
 * variable that is wrong, the routing rules' mistakes first. The triage function reads none of these but the
 * button key's (its own are {@link dev.guarddutyslack.triage.TriageSettings}).
 *
 * @param intake what is posted: findings from {@code MIN_SEVERITY} up, scan results of {@code SCAN_RESULT_STATUSES}
 * @param accountNames display names by account id ({@code ACCOUNT_NAMES})
 * @param routes the routing rules; {@link Routes#NONE} when there are none
 * @param buttons the triage button key: with one, messages carry Archive, Useful and Not useful
 */
public record NotifierSettings(Intake intake, Map<String, String> accountNames, Routes routes,
                               WebhookSettings webhooks, DedupSettings dedup, StormSettings storm,
                               ButtonKeySetting buttons, AwsSettings aws) {
  public static final String MIN_SEVERITY = "MIN_SEVERITY";
  public static final String SCAN_RESULT_STATUSES = "SCAN_RESULT_STATUSES";
  static final String DEFAULT_MIN_SEVERITY = "MEDIUM";

  public NotifierSettings {
    accountNames = Map.copyOf(accountNames);
  }

  /**
   * Reads and checks the notifier's settings.
   *
   * @throws ConfigException naming every variable that is wrong, the routing rules' mistakes first
   */
  public static NotifierSettings from(Map<String, String> variables) {
    Env env = Env.of(variables);
    Map<String, String> accountNames = env.read(() -> AccountNames.from(env), Map.of());
    Optional<Routes> routes = env.readFirst(() -> Optional.of(Routes.from(env, accountNames)), Optional.empty());
    double minSeverity = env.read(() -> minSeverity(env), 0.0);
    Set<String> scanResults = env.read(() -> scanResultStatuses(env), Intake.DEFAULT_STATUSES);
    WebhookSettings webhooks = WebhookSettings.from(env,
        routes.orElse(Routes.NONE).destinationFields(Routes.VARIABLE).keySet(), routes.isPresent());
    ButtonKeySetting buttons = env.read(() -> ButtonKeySetting.from(env), ButtonKeySetting.NONE);
    DedupSettings dedup = env.read(() -> DedupSettings.from(env), null);
    AwsSettings aws = env.read(() -> AwsSettings.from(env), null);
    StormSettings storm = env.read(() -> StormSettings.from(env), StormSettings.OFF);
    env.check();
    return new NotifierSettings(new Intake(minSeverity, scanResults), accountNames, routes.orElseThrow(), webhooks,
        dedup, storm, buttons, aws);
  }

  /** The scan results to post, as {@code THREATS_FOUND,ACCESS_DENIED}; unset or empty: those that found malware. */
  private static Set<String> scanResultStatuses(Env env) {
    Optional<String> value = env.get(SCAN_RESULT_STATUSES).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return Intake.DEFAULT_STATUSES;
    }
    Set<String> statuses = new TreeSet<>();
    for (String part : value.get().split(",", -1)) {
      String status = part.trim().toUpperCase(Locale.ROOT);
      if (!Intake.STATUSES.contains(status)) {
        throw new ConfigException(SCAN_RESULT_STATUSES + " takes statuses separated by commas, each one of "
            + new TreeSet<>(Intake.STATUSES));
      }
      statuses.add(status);
    }
    return statuses;
  }

  private static double minSeverity(Env env) {
    try {
      return Severity.parseMinimum(env.get(MIN_SEVERITY).orElse(DEFAULT_MIN_SEVERITY));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(MIN_SEVERITY + " " + e.getMessage());
    }
  }
}
