package dev.guarddutyslack.dedup;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deduplication: the table that remembers notified findings ({@code DEDUP_TABLE}, set by the stack; none for
 * stateless operation), and how long before an unchanged-band update is notified again ({@code RENOTIFY_AFTER}).
 *
 * @param renotifyAfter empty for never
 */
public record DedupSettings(Optional<String> table, Optional<Duration> renotifyAfter) {
  public static final String TABLE = "DEDUP_TABLE";
  public static final String RENOTIFY_AFTER = "RENOTIFY_AFTER";
  public static final Duration DEFAULT_RENOTIFY_AFTER = Duration.ofHours(24);
  /**
   * The longest re-notification interval: the table forgets a finding this long after its last notification, so a
   * longer interval could never apply.
   */
  public static final Duration MAX_RENOTIFY_AFTER = DynamoDbGate.RETENTION;
  /** NEVER, or whole days, hours or minutes; the template's RenotifyAfter pattern accepts the same. */
  private static final Pattern RENOTIFY_GRAMMAR =
      Pattern.compile("(NEVER)|P([1-9]\\d{0,8})D|PT([1-9]\\d{0,8})H|PT([1-9]\\d{0,8})M");

  /**
   * @throws ConfigException naming the variable that is wrong
   */
  public static DedupSettings from(Env env) {
    return new DedupSettings(env.get(TABLE), renotifyAfter(env));
  }

  private static Optional<Duration> renotifyAfter(Env env) {
    String text = env.get(RENOTIFY_AFTER).orElse(null);
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
}
