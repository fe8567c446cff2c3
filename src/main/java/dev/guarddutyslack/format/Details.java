package dev.guarddutyslack.format;

import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.SafeText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One titled group of "label: value" lines for a section block. Values are untrusted and made safe here;
 * labels are the project's own. Lines are dropped, not cut, once the section is full.
 */
final class Details {
  /** Any one value; long enough for a user agent or a command line, short enough to leave room. */
  static final int VALUE = 600;
  /** How many items of a list (tags, signals, ports…) a line or a group shows. */
  static final int LIST_ITEMS = 10;

  private final String title;
  private final List<String> lines = new ArrayList<>();

  Details(String title) {
    this.title = title;
  }

  /** Adds {@code *label:* `value`} when the value is there. */
  Details code(String label, Object value) {
    if (present(value)) {
      lines.add("*" + label + ":* " + SafeText.code(String.valueOf(value), VALUE));
    }
    return this;
  }

  /** Adds {@code *label:* value} as text (may be long; line breaks become spaces). */
  Details text(String label, Object value) {
    if (present(value)) {
      lines.add("*" + label + ":* " + SafeText.line(String.valueOf(value), VALUE));
    }
    return this;
  }

  /** Adds a line of comma-separated code values. */
  Details codes(String label, Collection<?> values) {
    if (values == null) {
      return this;
    }
    StringBuilder line = null;
    int shown = 0;
    int more = 0;
    for (Object value : values) {
      if (!present(value)) {
        continue;
      }
      if (shown == LIST_ITEMS) {
        more++;
        continue;
      }
      line = line == null ? new StringBuilder("*").append(label).append(":* ") : line.append(", ");
      line.append(SafeText.code(String.valueOf(value), 200));
      shown++;
    }
    if (line != null) {
      if (more > 0) {
        line.append(" and ").append(more).append(" more");
      }
      lines.add(line.toString());
    }
    return this;
  }

  /** Adds a bullet line that the caller has made safe already. */
  Details bullet(String safeMrkdwn) {
    lines.add("\u2022 " + safeMrkdwn);
    return this;
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** The section text, within the section limit. */
  String render() {
    StringBuilder out = new StringBuilder("*").append(title).append("*");
    int dropped = 0;
    for (String line : lines) {
      if (dropped == 0 && out.length() + 1 + line.length() <= Limits.SECTION_TEXT - 40) {
        out.append('\n').append(line);
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      out.append("\n_").append(dropped).append(" more not shown_");
    }
    return out.toString();
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
