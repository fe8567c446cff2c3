package dev.guarddutyslack.slack;

/**
 * Turns untrusted text from a finding into text Slack shows literally. Every string in a finding can carry
 * attacker input (user agents, domains, object keys, tags, Kubernetes names, even titles and descriptions
 * quote them), so nothing reaches a message without passing here.
 *
 * <ul>
 *   <li>control characters, bidi overrides, zero-width characters and lone surrogates are removed;</li>
 *   <li>{@code &}, {@code <} and {@code >} are escaped, so no {@code <!channel>}, {@code <@U…>} or
 *       {@code <url|disguise>} can form;</li>
 *   <li>{@code @channel}, {@code @here} and {@code @everyone} get a zero-width space after the {@code @};</li>
 *   <li>truncation counts the escaped length and never cuts an escape or a surrogate pair.</li>
 * </ul>
 *
 * @see <a href="https://api.slack.com/reference/surfaces/formatting#escaping">Escaping text</a>
 */
public final class SafeText {
  /** Marks text that was cut. */
  public static final String ELLIPSIS = "\u2026";
  private static final String[] BROADCASTS = {"channel", "here", "everyone"};

  private SafeText() {}

  /** Text for a mrkdwn field, keeping line breaks, at most {@code max} characters once escaped. */
  public static String mrkdwn(String raw, int max) {
    return escape(clean(raw, false), max);
  }

  /** One line of mrkdwn text, at most {@code max} characters once escaped. */
  public static String line(String raw, int max) {
    return escape(clean(raw, true), max);
  }

  /**
   * One line shown as inline code, so that domains and URLs in it are not turned into links; backticks in
   * the value become a look-alike so they cannot end the code span.
   */
  public static String code(String raw, int max) {
    String value = clean(raw, true).replace('`', '\u02CB');
    return "`" + escape(value, max - 2) + "`";
  }

  /**
   * Text for a {@code plain_text} object: cleaned, on one line, at most {@code max} characters. Slack does
   * not parse plain text, but angle brackets still become look-alikes and broadcast words are broken, so
   * that nothing depends on that.
   */
  public static String plain(String raw, int max) {
    String cleaned = clean(raw, true).replace('<', '\u2039').replace('>', '\u203A');
    return truncate(breakBroadcasts(cleaned), max);
  }

  private static String breakBroadcasts(String text) {
    if (text.indexOf('@') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c);
      if (c == '@') {
        for (String word : BROADCASTS) {
          if (text.regionMatches(true, i + 1, word, 0, word.length())) {
            out.append('\u200B');
            break;
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Removes what must never reach Slack and normalises white space; with {@code oneLine} line breaks and
   * tabs become single spaces.
   */
  public static String clean(String raw, boolean oneLine) {
    if (raw == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(raw.length(), 1 << 16));
    int length = raw.length();
    for (int i = 0; i < length; i++) {
      char c = raw.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < length && Character.isLowSurrogate(raw.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, raw.charAt(i + 1));
          if (!isInvisible(cp)) {
            out.append(c).append(raw.charAt(i + 1));
          }
          i++;
        }
        continue;
      }
      if (Character.isLowSurrogate(c)) {
        continue;
      }
      if (c == '\r') {
        if (i + 1 < length && raw.charAt(i + 1) == '\n') {
          continue;
        }
        c = '\n';
      }
      if (c == '\n' || c == '\t') {
        out.append(oneLine || c == '\t' ? ' ' : '\n');
        continue;
      }
      if (Character.isISOControl(c) || isInvisible(c)) {
        continue;
      }
      out.append(c);
    }
    return oneLine ? out.toString().replaceAll(" {2,}", " ").strip() : out.toString().strip();
  }

  /** Cuts plain (unescaped) text to {@code max} characters, marking the cut, never splitting a pair. */
  public static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Math.max(0, max - ELLIPSIS.length());
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  private static String escape(String cleaned, int max) {
    StringBuilder out = new StringBuilder(Math.min(cleaned.length() + 16, max + 16));
    int length = cleaned.length();
    for (int i = 0; i < length; ) {
      int cp = cleaned.codePointAt(i);
      String unit = unitFor(cleaned, i, cp);
      i += Character.charCount(cp);
      boolean last = i >= length;
      int room = max - (last ? 0 : ELLIPSIS.length());
      if (out.length() + unit.length() > room) {
        out.append(ELLIPSIS);
        return out.length() > max ? ELLIPSIS : out.toString();
      }
      out.append(unit);
    }
    return out.toString();
  }

  private static String unitFor(String text, int index, int cp) {
    switch (cp) {
      case '&':
        return "&amp;";
      case '<':
        return "&lt;";
      case '>':
        return "&gt;";
      case '@':
        for (String word : BROADCASTS) {
          if (text.regionMatches(true, index + 1, word, 0, word.length())) {
            return "@\u200B";
          }
        }
        return "@";
      default:
        return new String(Character.toChars(cp));
    }
  }

  /** Bidi controls, zero-width characters and other format characters that can disguise text. */
  private static boolean isInvisible(int cp) {
    return Character.getType(cp) == Character.FORMAT
        || (cp >= 0x2028 && cp <= 0x2029)
        || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0
        || (cp >= 0xFFF9 && cp <= 0xFFFB);
  }
}
