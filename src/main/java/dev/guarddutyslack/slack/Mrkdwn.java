package dev.guarddutyslack.slack;

import java.util.List;

/**
 * Text Slack parses as mrkdwn, and can be trusted to show only what it says. There are two ways to make one:
 * from untrusted text, which is escaped and made inert here ({@link #text}, {@link #line}, {@link #code}); or from
 * the project's own words ({@link #ours}), which a test requires to be string literals in the source. Every
 * block takes {@code Mrkdwn}, never a {@link String}, so text from a finding cannot reach a message any other
 * way.
 *
 * @see <a href="https://api.slack.com/reference/surfaces/formatting">Formatting text</a>
 */
public final class Mrkdwn extends SafeString {
  /** Nothing; a block that gets it shows a space. */
  public static final Mrkdwn EMPTY = new Mrkdwn("");
  private Mrkdwn(String text) {
    super(text);
  }

  /** Untrusted text that may span lines: escaped, inert, at most {@code max} characters. */
  public static Mrkdwn text(String untrusted, int max) {
    return new Mrkdwn(SafeText.mrkdwn(untrusted, max));
  }

  /** Untrusted text on one line. */
  public static Mrkdwn line(String untrusted, int max) {
    return new Mrkdwn(SafeText.line(untrusted, max));
  }

  /** Untrusted text as inline code, on one line. */
  public static Mrkdwn code(String untrusted, int max) {
    return new Mrkdwn(SafeText.code(untrusted, max));
  }

  /**
   * The project's own mrkdwn, formatting included ({@code *Severity*}). Only for string literals: a test
   * checks every call in the sources.
   */
  public static Mrkdwn ours(String literal) {
    return new Mrkdwn(literal);
  }

  /** A mention's syntax, which only {@link Mention} makes, from what an operator wrote. */
  static Mrkdwn mention(String syntax) {
    return new Mrkdwn(syntax);
  }

  /** A number, which holds nothing Slack would parse. */
  public static Mrkdwn number(long value) {
    return new Mrkdwn(Long.toString(value));
  }

  /** This, then that. */
  public Mrkdwn plus(Mrkdwn next) {
    return new Mrkdwn(text + next.text);
  }

  /** Bold: the project's own emphasis around safe text. */
  public Mrkdwn bold() {
    return text.isEmpty() ? this : new Mrkdwn("*" + text + "*");
  }

  /** The parts joined with a separator of the project's own. */
  public static Mrkdwn join(Mrkdwn separator, List<Mrkdwn> parts) {
    StringBuilder out = new StringBuilder();
    for (Mrkdwn part : parts) {
      if (out.length() > 0) {
        out.append(separator.text);
      }
      out.append(part.text);
    }
    return new Mrkdwn(out.toString());
  }

  /**
   * The text within {@code max} characters, for text escaped piece by piece: cut before an entity such as
   * {@code &amp;} rather than through it, and never between the halves of a surrogate pair.
   */
  String within(int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - SafeText.ELLIPSIS.length();
    int amp = text.lastIndexOf('&', end);
    if (amp >= 0 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + SafeText.ELLIPSIS;
  }
}
