package dev.guarddutyslack.config;

import java.util.List;

/**
 * Configuration that cannot work. Each problem names the variable (or secret key, or {@code ROUTES[i].field}) and
 * what is wrong with it, never its value: a webhook URL is a credential. Where there are several, the message lists
 * them all, so that one start tells the operator everything to fix.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Serialisable: {@link List#copyOf} is. */
  @SuppressWarnings("serial")
  private final List<String> problems;

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, on its own. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " configuration problems:\n  - " + String.join("\n  - ", problems);
  }
}
