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
  /** How much of one value is read at most: more than any block shows. */
  private static final int MAX_READ = 1 << 16;
  private static final String[] BROADCASTS = {"channel", "here", "everyone"};

  private SafeText() {}

  /** Text for a mrkdwn field, keeping line breaks, at most {@code max} characters once escaped. */
  static String mrkdwn(String raw, int max) {
    return text(raw, max, false);
  }

  /** One line of mrkdwn text, at most {@code max} characters once escaped. */
  static String line(String raw, int max) {
    return text(raw, max, true);
  }

  private static String text(String raw, int max, boolean oneLine) {
    String cleaned = clean(raw, oneLine);
    String bounded = bounded(cleaned, max);
    return escape(inertText(bounded, bounded.length() < cleaned.length()), max);
  }

  /**
   * One line shown as inline code, where Slack applies no formatting and renders no emoji; backticks in the
   * value become a look-alike so they cannot end the code span, and URL schemes and {@code www.} are defanged.
   */
  static String code(String raw, int max) {
    String value = Defang.links(bounded(clean(raw, true), max), false, false).replace('`', '\u02CB');
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
    String cleaned = Defang.links(bounded, true, bounded.length() < all.length()).replace('<', '\u2039')
        .replace('>', '\u203A');
    return truncate(Defang.shortcodes(breakBroadcasts(cleaned)), max);
  }

  /**
   * Keeps no more of a cleaned text than can be shown in {@code max} characters, plus one so that the cut is
   * still marked: every later step only keeps or lengthens text, so this bounds their work on huge values.
   */
  private static String bounded(String cleaned, int max) {
    return head(cleaned, max + 1);
  }

  /**
   * The first {@code end} characters of a text (all of it when shorter), one fewer when the last would be the
   * first half of a surrogate pair: the one place text is cut, so no cut splits a character.
   */
  private static String head(String text, int end) {
    if (text.length() <= end) {
      return text;
    }
    int cut = Math.max(0, end);
    if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut);
  }

  /** Text (not code): links defanged, formatting characters replaced, no line starting a quote, no emoji. */
  private static String inertText(String cleaned, boolean cut) {
    String defanged = Defang.shortcodes(Defang.links(cleaned, true, cut));
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

  private static String breakBroadcasts(String text) {
    if (text.indexOf('@') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      out.append(text.charAt(i));
      if (isBroadcast(text, i)) {
        out.append('\u200B');
      }
    }
    return out.toString();
  }

  /**
   * The broadcast rule, the one place it is written: an {@code @} followed, in any case, by {@code channel},
   * {@code here} or {@code everyone} would notify the whole channel, so it gets a zero-width space after it.
   */
  private static boolean isBroadcast(String text, int at) {
    if (text.charAt(at) != '@') {
      return false;
    }
    for (String word : BROADCASTS) {
      if (text.regionMatches(true, at + 1, word, 0, word.length())) {
        return true;
      }
    }
    return false;
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
    raw = hostView(head(raw, MAX_READ));
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
    return text.length() <= max ? text : head(text, max - ELLIPSIS.length()) + ELLIPSIS;
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
        return isBroadcast(text, index) ? "@\u200B" : null;
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
