package dev.guarddutyslack.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment, as every feature reads its settings from it: one variable at a time, trimmed, a blank value
 * the same as none; typed parsers whose errors name the variable and what it must be, never its value (a webhook
 * URL is a credential); and every problem gathered, so that one start tells the operator everything to fix.
 * Nothing else reads environment variables.
 */
public final class Env {
  /** Whole minutes, or (where a setting allows) whole hours: {@code PT5M}, {@code PT24H}. */
  private static final Pattern MINUTES = Pattern.compile("PT([1-9]\\d{0,3})M|PT([1-9]\\d?)H");
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

  private final Map<String, String> variables;
  private final List<String> problems = new ArrayList<>();
  private int first;

  private Env(Map<String, String> variables) {
    this.variables = variables;
  }

  public static Env of(Map<String, String> variables) {
    return new Env(variables);
  }

  /** A variable's value, trimmed; empty when it is unset or blank. */
  public Optional<String> get(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** Every variable's name, sorted (for a family of variables such as {@code SLACK_WEBHOOK_URL_<name>}). */
  public SortedSet<String> names() {
    return new TreeSet<>(variables.keySet());
  }

  /**
   * Reads one setting; its problems join the others, and {@code fallback} stands in so that the rest can be read.
   */
  public <T> T read(Supplier<T> setting, T fallback) {
    try {
      return setting.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return fallback;
    }
  }

  /** As {@link #read}, with its problems listed before all others (the routing rules': they stop the most). */
  public <T> T readFirst(Supplier<T> setting, T fallback) {
    try {
      return setting.get();
    } catch (ConfigException e) {
      problems.addAll(first, e.problems());
      first += e.problems().size();
      return fallback;
    }
  }

  /** A problem found by comparing settings, listed with the others. */
  public void problem(String problem) {
    problems.add(problem);
  }

  /** @throws ConfigException naming every problem gathered, when there is one */
  public void check() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /**
   * A variable that must match {@code pattern} in full.
   *
   * @param mustBe what it must be, for the error ({@code must be a Slack workspace id (T0123ABCD)})
   */
  public Optional<String> matching(String name, Pattern pattern, String mustBe) {
    Optional<String> value = get(name);
    if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
      throw new ConfigException(name + " " + mustBe);
    }
    return value;
  }

  /** A Secrets Manager secret's ARN. */
  public Optional<String> secretArn(String name) {
    return matching(name, SECRET_ARN, "must be the ARN of a Secrets Manager secret");
  }

  /** A whole number from 0 to 9999, without leading zeros. */
  public Optional<Integer> wholeNumber(String name, String mustBe) {
    return matching(name, Pattern.compile("0|[1-9]\\d{0,3}"), mustBe).map(Integer::parseInt);
  }

  /**
   * A duration of whole minutes up to {@code max}, or, where {@code hours} allows, of whole hours.
   *
   * @param grammar what it must be, for the error ({@code whole minutes from PT1M to PT60M})
   */
  public Optional<Duration> minutes(String name, Duration max, boolean hours, String grammar) {
    Optional<String> text = get(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = MINUTES.matcher(text.get());
    Duration d = !m.matches() ? null : m.group(1) != null ? Duration.ofMinutes(Long.parseLong(m.group(1)))
        : Duration.ofHours(Long.parseLong(m.group(2)));
    if (d == null || d.compareTo(max) > 0 || (!hours && m.group(2) != null)) {
      throw new ConfigException(name + " must be " + grammar);
    }
    return Optional.of(d);
  }

  /** An http(s) URL with a host. */
  public Optional<URI> httpUrl(String name) {
    return get(name).map(value -> {
      try {
        URI uri = new URI(value);
        if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // named below
      }
      throw new ConfigException(name + " must be an http(s) URL");
    });
  }

  /**
   * Two ways of giving one setting (a value, or the secret that holds it): at most one may be set.
   *
   * @param why which is for what, for the error
   */
  public void either(String valueName, String arnName, String why) {
    if (get(valueName).isPresent() && get(arnName).isPresent()) {
      throw new ConfigException("set either " + valueName + " or " + arnName + ", not both: " + why);
    }
  }
}
