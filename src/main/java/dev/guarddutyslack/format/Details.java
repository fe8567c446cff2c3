package dev.guarddutyslack.format;

import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.Mrkdwn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One titled group of "label: value" lines for a section block, and the way text of a finding enters the
 * details: every {@link String} given here (title, label or value) is escaped, whoever wrote it, so a label
 * taken from a finding is as safe as the project's own. Lines are dropped, not cut, once the section is full.
 *
 * <p>How much of a value is shown is one of the caps below, never a number at the call.
 */
final class Details {
  /** Any one value; long enough for a user agent or a command line, short enough to leave room. */
  static final int VALUE = 600;
  /** One item of a list, or one part of a bullet (a threat's name, a file path). */
  static final int ITEM = 300;
  /** A name or identifier (a user, an application, a signal). */
  static final int NAME = 120;
  /** A word or two (a severity, a type, a country), or a time. */
  static final int SHORT = 60;
  /** A label. */
  static final int LABEL = 80;
  /** How many items of a list (tags, signals, ports…) a line or a group shows. */
  static final int LIST_ITEMS = 10;
  private static final Mrkdwn NEWLINE = Mrkdwn.ours("\n");
  private static final Mrkdwn BULLET = Mrkdwn.ours("\u2022 ");
  private static final Mrkdwn COMMA = Mrkdwn.ours(", ");

  /**
   * Titles and labels escaped once: nearly all are the project's own literals, seen on every finding. A label
   * from a finding is escaped the same way; the memory stops growing at {@link #REMEMBERED} of them.
   */
  private static final java.util.Map<String, Mrkdwn> ESCAPED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int REMEMBERED = 512;

  private final Mrkdwn title;
  private final List<Mrkdwn> lines = new ArrayList<>();

  Details(String title) {
    this.title = escaped(title, false);
  }

  /** Adds {@code *label:* `value`} when the value is there. */
  Details code(String label, Object value) {
    if (present(value)) {
      lines.add(label(label).plus(Mrkdwn.code(String.valueOf(value), VALUE)));
    }
    return this;
  }

  /** Adds {@code *label:* value} as text (may be long; line breaks become spaces). */
  Details text(String label, Object value) {
    if (present(value)) {
      lines.add(label(label).plus(Mrkdwn.line(String.valueOf(value), VALUE)));
    }
    return this;
  }

  /** Adds a line of comma-separated code values. */
  Details codes(String label, Collection<?> values) {
    if (values == null) {
      return this;
    }
    List<Mrkdwn> shown = new ArrayList<>();
    int more = 0;
    for (Object value : values) {
      if (!present(value)) {
        continue;
      }
      if (shown.size() == LIST_ITEMS) {
        more++;
        continue;
      }
      shown.add(Mrkdwn.code(String.valueOf(value), ITEM));
    }
    if (!shown.isEmpty()) {
      Mrkdwn line = label(label).plus(Mrkdwn.join(COMMA, shown));
      lines.add(more > 0 ? line.plus(Mrkdwn.ours(" and ")).plus(Mrkdwn.number(more)).plus(Mrkdwn.ours(" more")) : line);
    }
    return this;
  }

  /** Adds a bullet line, made of safe parts ({@link Mrkdwn}). */
  Details bullet(Mrkdwn line) {
    lines.add(BULLET.plus(line));
    return this;
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** The section text, within the section limit. */
  Mrkdwn render() {
    // Joined once, not line by line: a section of many lines would otherwise be copied once per line.
    List<Mrkdwn> kept = new ArrayList<>(lines.size() + 1);
    kept.add(title);
    int length = title.length();
    int dropped = 0;
    for (Mrkdwn line : lines) {
      if (dropped == 0 && length + 1 + line.length() <= Limits.SECTION_TEXT - 40) {
        kept.add(line);
        length += 1 + line.length();
      } else {
        dropped++;
      }
    }
    Mrkdwn out = Mrkdwn.join(NEWLINE, kept);
    if (dropped > 0) {
      out = out.plus(Mrkdwn.ours("\n_")).plus(Mrkdwn.number(dropped)).plus(Mrkdwn.ours(" more not shown_"));
    }
    return out;
  }

  private static Mrkdwn label(String label) {
    return escaped(label, true);
  }

  /** {@code *title*}, or {@code *label:* } with a trailing space. */
  private static Mrkdwn escaped(String text, boolean label) {
    String key = (label ? "L" : "T") + text;
    Mrkdwn known = ESCAPED.get(key);
    if (known != null) {
      return known;
    }
    Mrkdwn made = label ? Mrkdwn.line(text + ":", LABEL).bold().plus(Mrkdwn.ours(" "))
        : Mrkdwn.line(text, LABEL).bold();
    if (ESCAPED.size() < REMEMBERED) {
      ESCAPED.putIfAbsent(key, made);
    }
    return made;
  }

  static boolean present(Object value) {
    return value != null && !Objects.toString(value).isBlank();
  }

  /** The parts that are there, trimmed and joined; null when none is. */
  static String join(String separator, String... parts) {
    StringBuilder joined = null;
    for (String part : parts) {
      if (present(part)) {
        joined = joined == null ? new StringBuilder() : joined.append(separator);
        joined.append(part.trim());
      }
    }
    return joined == null ? null : joined.toString();
  }

  static String firstPresent(String a, String b) {
    return present(a) ? a : b;
  }

  static String firstPresent(String a, String b, String c) {
    return present(a) ? a : present(b) ? b : c;
  }
}
