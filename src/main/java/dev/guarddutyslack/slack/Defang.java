package dev.guarddutyslack.slack;

import java.util.Set;

/**
 * The two rules that keep text from becoming something Slack acts on: links (a scheme, {@code www.} or a
 * dotted domain name in any script) and emoji shortcodes. Part of {@link SafeText}, which applies them to cleaned
 * text before it escapes it.
 */
final class Defang {
  /** Slack's standard emoji whose names have no letter ({@code :+1:} is a thumbs-up). */
  private static final Set<String> DIGIT_EMOJI = Set.of("100", "1234", "+1", "-1");

  private Defang() {}

  /**
   * Makes links unlinkable in one linear pass: {@code ://} becomes {@code [:]//} and a name starting with
   * {@code www.} becomes {@code www[.]…}; with {@code domains}, every dot of anything shaped like a domain
   * name ({@code evil.example}, {@code a@b.co}) becomes {@code [.]}. When the text was {@code cut} from a
   * longer one, the name at its end may be the start of a longer domain, so there any dotted name counts.
   */
  static String links(String text, boolean domains, boolean cut) {
    StringBuilder out = null;
    int length = text.length();
    int copied = 0;
    for (int i = 0; i < length; ) {
      char c = text.charAt(i);
      if (c == ':' && text.startsWith("//", i + 1)) {
        out = append(out, text, copied, i).append("[:]//");
        i += 3;
        copied = i;
        continue;
      }
      if (!isHostChar(text, i)) {
        i++;
        continue;
      }
      int end = i;
      boolean dotted = false;
      while (end < length && isHostChar(text, end)) {
        dotted |= text.charAt(end) == '.';
        end++;
      }
      if (!dotted) {
        i = end;
        continue;
      }
      String token = text.substring(i, end);
      String defanged = defangName(token, domains, cut && end == length);
      if (!defanged.equals(token)) {
        out = append(out, text, copied, i).append(defanged);
        copied = end;
      }
      i = end;
    }
    return out == null ? text : append(out, text, copied, length).toString();
  }

  private static StringBuilder append(StringBuilder out, String text, int from, int to) {
    StringBuilder b = out == null ? new StringBuilder(text.length() + 16) : out;
    return b.append(text, from, to);
  }

  /**
   * A character of a host name as IDNA reads one: a letter or digit of any script (an internationalised
   * domain such as {@code 例え.jp} is linked too), a dot or a hyphen. Either half of a surrogate pair counts
   * by the code point it belongs to.
   */
  private static boolean isHostChar(String text, int i) {
    char c = text.charAt(i);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
      return Character.isLetterOrDigit(text.codePointAt(i - 1));
    }
    return Character.isLetterOrDigit(text.codePointAt(i));
  }

  /**
   * Slack renders {@code :name:} as an emoji in every text but code it does not show literally. A zero-width
   * space after the opening colon keeps the text as it was, visibly, and renders nothing: so a finding cannot
   * show the project's own markers ({@code :test_tube:}) or a badge ({@code :white_check_mark:}). Names
   * without a letter are left alone (times such as {@code 20:40:06}), except Slack's emoji named so.
   */
  static String shortcodes(String text) {
    int colon = text.indexOf(':');
    if (colon < 0 || colon == text.length() - 1) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int i = colon; i >= 0 && i < text.length() - 1; i = text.indexOf(':', i + 1)) {
      int end = i + 1;
      boolean letter = false;
      while (end < text.length() && isShortcodeChar(text.charAt(end))) {
        letter |= Character.isLetter(text.charAt(end));
        end++;
      }
      String name = text.substring(i + 1, end);
      if (end < text.length() && text.charAt(end) == ':' && end > i + 1
          && (letter || DIGIT_EMOJI.contains(name))) {
        out = append(out, text, copied, i + 1).append('\u200B');
        copied = i + 1;
      }
    }
    return out == null ? text : append(out, text, copied, text.length()).toString();
  }

  private static boolean isShortcodeChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '+' || c == '\'';
  }

  private static String defangName(String token, boolean domains, boolean atEnd) {
    int start = 0;
    int end = token.length();
    while (start < end && (token.charAt(start) == '.' || token.charAt(start) == '-')) {
      start++;
    }
    while (end > start && (token.charAt(end - 1) == '.' || token.charAt(end - 1) == '-')) {
      end--;
    }
    String name = token.substring(start, end);
    String defanged;
    if (domains && isDomainShaped(name, atEnd && end == token.length())) {
      defanged = name.replace(".", "[.]");
    } else if (name.regionMatches(true, 0, "www.", 0, 4)) {
      defanged = name.substring(0, 3) + "[.]" + name.substring(4);
    } else {
      return token;
    }
    return token.substring(0, start) + defanged + token.substring(end);
  }

  /**
   * Two or more non-empty labels, one after the first starting with two letters: {@code evil.com}, and also
   * {@code evil.com1} or {@code evil.com.1}, which a cut could shorten to {@code evil.com}. When the name may
   * itself have been cut, any dotted name.
   */
  private static boolean isDomainShaped(String name, boolean mayBeCut) {
    int firstDot = name.indexOf('.');
    if (firstDot <= 0 || name.charAt(name.length() - 1) == '.' || name.contains("..")) {
      return false;
    }
    if (mayBeCut) {
      return true;
    }
    for (int dot = firstDot; dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (dot + 2 < name.length() && Character.isLetter(name.charAt(dot + 1))
          && Character.isLetter(name.charAt(dot + 2))) {
        return true;
      }
    }
    return false;
  }
}
