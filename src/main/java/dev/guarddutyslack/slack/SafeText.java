package dev.guarddutyslack.slack;

import java.text.Normalizer;

/**
 * Turns untrusted text from a finding into text Slack shows literally. Every string in a finding can carry
 * attacker input (user agents, domains, object keys, tags, Kubernetes names, even titles and descriptions
 * quote them), so nothing reaches a message without passing here.
 *
 * <ul>
 *   <li>control characters, bidi overrides, zero-width characters, variation selectors and lone surrogates are
 *       removed, and the text is read as a browser and Slack read a host name: NFKC-normalised, with the
 *       full stops IDNA treats as dots ({@code 。 ． ｡}) made dots, so that {@code ｅｖｉｌ．ｃｏｍ},
 *       {@code evil。com} and {@code evil.&#92;uFE0Fcom} are all {@code evil.com}, and then defanged;</li>
 *   <li>{@code &}, {@code <} and {@code >} are escaped, so no {@code <!channel>}, {@code <@U…>} or
 *       {@code <url|disguise>} can form;</li>
 *   <li>{@code @channel}, {@code @here} and {@code @everyone} get a zero-width space after the {@code @};</li>
 *   <li>links are defanged as security tools do: {@code https://} becomes {@code https[:]//}, and in text
 *       (not in code spans) every dot of a domain name, in any script, becomes {@code [.]}, so Slack cannot
 *       link them;</li>
 *   <li>emoji shortcodes ({@code :test_tube:}) in text get a zero-width space after their first colon, so
 *       they show as the text they are (code spans render none, and plain text is sent with
 *       {@code emoji: false}); only the project's own markers are emoji;</li>
 *   <li>in text, the mrkdwn formatting characters {@code * _ ~ `} become look-alikes ({@code ∗ ˍ ∼ ˋ}; an
 *       underscore inside a word such as {@code CLOUD_TRAIL} stays) and a line cannot start a block quote, so a finding cannot forge bold labels, italics, strikes or quotes;
 *       in code spans, where Slack formats nothing, only the backtick is replaced;</li>
 *   <li>truncation counts the escaped length and never cuts an escape or a surrogate pair.</li>
 * </ul>
 *
 * <p>Every mrkdwn text object is also sent with {@code verbatim: true} ({@link Block}), which tells Slack not
 * to link URLs or channel names at all; the defanging keeps the top-level {@code text}, which has no such
 * switch, just as inert.
 *
 * @see <a href="https://api.slack.com/reference/surfaces/formatting#escaping">Escaping text</a>
 * @see <a href="https://api.slack.com/reference/block-kit/composition-objects#text">Text object: verbatim</a>
 */
final class SafeText {
  /** Marks text that was cut. */
  static final String ELLIPSIS = "\u2026";
  /** Slack's standard emoji whose names have no letter ({@code :+1:} is a thumbs-up). */
  private static final java.util.Set<String> DIGIT_EMOJI = java.util.Set.of("100", "1234", "+1", "-1");
  /** How much of one value is read at most: more than any block shows. */
  private static final int MAX_READ = 1 << 16;
  private static final String[] BROADCASTS = {"channel", "here", "everyone"};

  private SafeText() {}

  /** Text for a mrkdwn field, keeping line breaks, at most {@code max} characters once escaped. */
  static String mrkdwn(String raw, int max) {
    String cleaned = clean(raw, false);
    String bounded = bounded(cleaned, max);
    return escape(inertText(bounded, bounded.length() < cleaned.length()), max);
  }

  /** One line of mrkdwn text, at most {@code max} characters once escaped. */
  static String line(String raw, int max) {
    String cleaned = clean(raw, true);
    String bounded = bounded(cleaned, max);
    return escape(inertText(bounded, bounded.length() < cleaned.length()), max);
  }

  /**
   * One line shown as inline code, where Slack applies no formatting and renders no emoji; backticks in the
   * value become a look-alike so they cannot end the code span, and URL schemes and {@code www.} are defanged.
   */
  static String code(String raw, int max) {
    String value = defang(bounded(clean(raw, true), max), false, false).replace('`', '\u02CB');
    return "`" + escape(value, max - 2) + "`";
  }

  /**
   * Text for a {@code plain_text} object: cleaned, on one line, links defanged, at most {@code max}
   * characters. Slack does not parse plain text, but angle brackets still become look-alikes and broadcast
   * words are broken, so that nothing depends on that.
   */
  static String plain(String raw, int max) {
    String all = clean(raw, true);
    String bounded = bounded(all, max);
    String cleaned = defang(bounded, true, bounded.length() < all.length()).replace('<', '\u2039')
        .replace('>', '\u203A');
    return truncate(breakShortcodes(breakBroadcasts(cleaned)), max);
  }

  /**
   * Keeps no more of a cleaned text than can be shown in {@code max} characters, plus one so that the cut is
   * still marked: every later step only keeps or lengthens text, so this bounds their work on huge values.
   */
  private static String bounded(String cleaned, int max) {
    if (cleaned.length() <= max + 1) {
      return cleaned;
    }
    int end = max + 1;
    if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
      end--;
    }
    return cleaned.substring(0, end);
  }

  /** Text (not code): links defanged, formatting characters replaced, no line starting a quote, no emoji. */
  private static String inertText(String cleaned, boolean cut) {
    String defanged = breakShortcodes(defang(cleaned, true, cut));
    StringBuilder out = new StringBuilder(defanged.length());
    boolean lineStart = true;
    for (int i = 0; i < defanged.length(); i++) {
      char c = defanged.charAt(i);
      switch (c) {
        case '*' -> out.append('\u2217');
        case '_' -> out.append(inWord(defanged, i) ? '_' : '\u02CD');
        case '~' -> out.append('\u223C');
        case '`' -> out.append('\u02CB');
        case '>' -> out.append(lineStart ? '\u203A' : '>');
        default -> out.append(c);
      }
      if (c == '\n') {
        lineStart = true;
      } else if (c != ' ') {
        lineStart = false;
      }
    }
    return out.toString();
  }

  /**
   * An underscore between two letters or digits ({@code CLOUD_TRAIL}) can neither open nor close italics, so
   * identifiers keep theirs.
   */
  private static boolean inWord(String text, int i) {
    return i > 0 && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i - 1))
        && Character.isLetterOrDigit(text.charAt(i + 1));
  }

  /**
   * Makes links unlinkable in one linear pass: {@code ://} becomes {@code [:]//} and a name starting with
   * {@code www.} becomes {@code www[.]…}; with {@code domains}, every dot of anything shaped like a domain
   * name ({@code evil.example}, {@code a@b.co}) becomes {@code [.]}. When the text was {@code cut} from a
   * longer one, the name at its end may be the start of a longer domain, so there any dotted name counts.
   */
  static String defang(String text, boolean domains, boolean cut) {
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
  static String breakShortcodes(String text) {
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
   * Removes what must never reach Slack, shows emoji as their names ({@link Emoji}), and normalises white space;
   * with {@code oneLine} line breaks and tabs become single spaces.
   */
  static String clean(String raw, boolean oneLine) {
    if (raw == null) {
      return "";
    }
    if (alreadyClean(raw, oneLine)) {
      return raw;
    }
    // Finding text can be huge; nothing shown needs more than this, and normalising may lengthen it.
    raw = hostView(raw.length() > MAX_READ ? raw.substring(0, Character.isHighSurrogate(raw.charAt(MAX_READ - 1))
        ? MAX_READ - 1 : MAX_READ) : raw);
    StringBuilder out = new StringBuilder(Math.min(raw.length(), 1 << 16));
    int length = raw.length();
    for (int i = 0; i < length; i++) {
      char c = raw.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < length && Character.isLowSurrogate(raw.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, raw.charAt(i + 1));
          if (Emoji.handles(cp)) {
            i += Emoji.write(raw, i, out) - 1;
            continue;
          }
          if (!isInvisible(cp)) {
            out.append(c).append(raw.charAt(i + 1));
          }
          i++;
        }
        continue;
      }
      if (c >= 0xA9 && Emoji.handles(c)) {
        i += Emoji.write(raw, i, out) - 1;
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
      if (c == '\n' && !oneLine) {
        out.append('\n');
        continue;
      }
      if (c == '\n' || c == '\t') {
        c = ' ';
      }
      if (Character.isISOControl(c) || isInvisible(c)) {
        continue;
      }
      if (c == ' ' && oneLine && out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
        continue;
      }
      out.append(c);
    }
    return out.toString().strip();
  }

  /**
   * The text as IDNA (UTS #46) reads host names in it, which is how browsers and Slack decide what to link:
   * compatibility-normalised (NFKC: full-width letters and dots become ASCII ones), and the ideographic full
   * stop made a dot. Characters IDNA ignores are removed afterwards with the other invisible ones.
   *
   * @see <a href="https://www.unicode.org/reports/tr46/#Mapping">UTS #46: IDNA mapping</a>
   */
  private static String hostView(String raw) {
    String normalized = Normalizer.isNormalized(raw, Normalizer.Form.NFKC) ? raw
        : Normalizer.normalize(raw, Normalizer.Form.NFKC);
    return normalized.indexOf('\u3002') < 0 ? normalized : normalized.replace('\u3002', '.');
  }

  /** Printable ASCII with no edge spaces (and, on one line, no double space): nothing to clean. */
  private static boolean alreadyClean(String raw, boolean oneLine) {
    int length = raw.length();
    if (length == 0) {
      return true;
    }
    if (raw.charAt(0) == ' ' || raw.charAt(length - 1) == ' ') {
      return false;
    }
    char previous = 0;
    for (int i = 0; i < length; i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c >= 0x7F || (oneLine && c == ' ' && previous == ' ')) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  /** Cuts plain (unescaped) text to {@code max} characters, marking the cut, never splitting a pair. */
  static String truncate(String text, int max) {
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
      String escaped = escaped(cleaned, i, cp);
      int width = escaped != null ? escaped.length() : Character.charCount(cp);
      int next = i + Character.charCount(cp);
      int room = max - (next >= length ? 0 : ELLIPSIS.length());
      if (out.length() + width > room) {
        out.append(ELLIPSIS);
        return out.length() > max ? ELLIPSIS : out.toString();
      }
      if (escaped != null) {
        out.append(escaped);
      } else {
        out.append(cleaned, i, next);
      }
      i = next;
    }
    return out.toString();
  }

  /** What Slack must not parse, escaped; null for a character that stays as it is. */
  private static String escaped(String text, int index, int cp) {
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
        return null;
      default:
        return null;
    }
  }

  /**
   * Bidi controls, zero-width characters and other format characters that can disguise text, and the marks
   * IDNA maps to nothing (variation selectors, the combining grapheme joiner, Mongolian free variation
   * selectors), which would otherwise split a host name only to the eye.
   */
  private static boolean isInvisible(int cp) {
    return Character.getType(cp) == Character.FORMAT
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x034F
        || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x2028 && cp <= 0x2029)
        || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0
        || (cp >= 0xFFF9 && cp <= 0xFFFB);
  }
}
