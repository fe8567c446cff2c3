package dev.guarddutyslack.config;

/**
 * Configuration that cannot work. The message names the variable (or secret key) and what is wrong with
 * it, never its value: a webhook URL is a credential.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
