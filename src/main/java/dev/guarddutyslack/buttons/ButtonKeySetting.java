package dev.guarddutyslack.buttons;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the key that binds each triage button to its finding comes from: its value ({@code TRIAGE_BUTTON_KEY}, for
 * local use) or the Secrets Manager secret that holds it ({@code TRIAGE_BUTTON_KEY_ARN}, as the stack sets it);
 * neither when triage is off. The notifier reads this alone of triage's settings: its messages carry the triage
 * buttons exactly when a key is set (the stack sets one only with triage on).
 */
public record ButtonKeySetting(Optional<String> value, Optional<String> secretArn) {
  public static final String VALUE = "TRIAGE_BUTTON_KEY";
  public static final String ARN = "TRIAGE_BUTTON_KEY_ARN";
  public static final ButtonKeySetting NONE = new ButtonKeySetting(Optional.empty(), Optional.empty());
  /** At least 256 bits of a generated password's letters and digits; no white space. */
  private static final Pattern VALUE_FORM = Pattern.compile("\\S{32,1024}");

  /** Whether there is a key: triage is on, and messages carry its buttons. */
  public boolean present() {
    return value.isPresent() || secretArn.isPresent();
  }

  /**
   * @throws ConfigException naming the variable that is wrong
   */
  public static ButtonKeySetting from(Env env) {
    env.either(VALUE, ARN, "the stack generates the key and sets the ARN; the value is for local use");
    Optional<String> arn = env.secretArn(ARN);
    Optional<String> value = env.matching(VALUE, VALUE_FORM, "must be a random key of at least 32 characters"
        + " without white space (openssl rand -hex 32 makes one)");
    return new ButtonKeySetting(value, arn);
  }
}
