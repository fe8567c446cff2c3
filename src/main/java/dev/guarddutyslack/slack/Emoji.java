package dev.guarddutyslack.slack;

import java.util.Arrays;
import java.util.Locale;

/**
 * Emoji in a finding's text, shown as their names in brackets ({@code [test tube]}) or removed: only the project's
 * own markers may be emoji, so that a title or description cannot show a ✅ or a 🧪 sample line that looks like
 * ours. Slack draws a literal emoji as a picture in every text object, code included, so this applies to every
 * view.
 *
 * <ul>
 *   <li>pictographic code points (Unicode's {@code Extended_Pictographic}, but ©, ® and ™, which are text in
 *       every font Slack uses): their Unicode name in brackets;</li>
 *   <li>a pair of regional indicators (a flag): {@code [flag US]}; a lone one: {@code [regional indicator U]};</li>
 *   <li>skin-tone modifiers and the keycap mark (U+20E3): removed ({@code 1️⃣} reads {@code 1});</li>
 *   <li>variation selectors, the zero-width joiner and tag characters are removed with the other invisible
 *       characters ({@link SafeText}).</li>
 * </ul>
 *
 * @see <a href="https://www.unicode.org/reports/tr51/">UTS #51: Unicode Emoji</a>
 */
final class Emoji {
  /**
   * {@code Extended_Pictographic} as closed ranges, from the JDK 25's {@code Character.isExtendedPictographic}
   * (Unicode 16); the project builds for Java 17, which lacks that method. A test compares the table with the JDK's
   * where the JDK has it.
   */
  static final int[] PICTOGRAPHIC = {
      0xA9, 0xA9, 0xAE, 0xAE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139, 0x2194, 0x2199,
      0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x2388, 0x2388, 0x23CF, 0x23CF, 0x23E9, 0x23F3, 0x23F8, 0x23FA,
      0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0, 0x25FB, 0x25FE, 0x2600, 0x2605, 0x2607, 0x2612,
      0x2614, 0x2685, 0x2690, 0x2705, 0x2708, 0x2712, 0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721,
      0x2728, 0x2728, 0x2733, 0x2734, 0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755,
      0x2757, 0x2757, 0x2763, 0x2767, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
      0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D, 0x3297, 0x3297,
      0x3299, 0x3299, 0x1F000, 0x1F0FF, 0x1F10D, 0x1F10F, 0x1F12F, 0x1F12F, 0x1F16C, 0x1F171, 0x1F17E, 0x1F17F,
      0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AD, 0x1F1E5, 0x1F201, 0x1F20F, 0x1F21A, 0x1F21A, 0x1F22F, 0x1F22F,
      0x1F232, 0x1F23A, 0x1F23C, 0x1F23F, 0x1F249, 0x1F3FA, 0x1F400, 0x1F53D, 0x1F546, 0x1F64F, 0x1F680, 0x1F6FF,
      0x1F774, 0x1F77F, 0x1F7D5, 0x1F7FF, 0x1F80C, 0x1F80F, 0x1F848, 0x1F84F, 0x1F85A, 0x1F85F, 0x1F888, 0x1F88F,
      0x1F8AE, 0x1F8FF, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1FAFF, 0x1FC00, 0x1FFFD};
  private static final int KEYCAP = 0x20E3;
  private static final int REGIONAL_A = 0x1F1E6;
  private static final int REGIONAL_Z = 0x1F1FF;
  private static final int FITZPATRICK_FIRST = 0x1F3FB;
  private static final int FITZPATRICK_LAST = 0x1F3FF;

  private Emoji() {}

  /** Whether {@code cp} is handled here: replaced by its name, or removed. */
  static boolean handles(int cp) {
    if (cp < 0xA9) {
      return false;
    }
    return cp == KEYCAP || cp >= REGIONAL_A && cp <= REGIONAL_Z || cp >= FITZPATRICK_FIRST && cp <= FITZPATRICK_LAST
        || pictographic(cp) && cp != 0xA9 && cp != 0xAE && cp != 0x2122;
  }

  /** Whether {@code cp} is {@code Extended_Pictographic}, by the table. */
  static boolean pictographic(int cp) {
    int i = Arrays.binarySearch(PICTOGRAPHIC, cp);
    // Found: a range's first or last code point. Not found: inside a range when it falls after a range's start.
    return i >= 0 || (-i - 1) % 2 == 1;
  }

  /**
   * Writes what stands for the code point at {@code i} of {@code text} (one {@link #handles} accepts), and for the
   * next one too when the two are a flag.
   *
   * @return how many chars of {@code text} were read
   */
  static int write(String text, int i, StringBuilder out) {
    int cp = text.codePointAt(i);
    int width = Character.charCount(cp);
    if (cp == KEYCAP || cp >= FITZPATRICK_FIRST && cp <= FITZPATRICK_LAST) {
      return width;
    }
    if (cp >= REGIONAL_A && cp <= REGIONAL_Z) {
      char letter = (char) ('A' + cp - REGIONAL_A);
      if (i + width < text.length()) {
        int next = text.codePointAt(i + width);
        if (next >= REGIONAL_A && next <= REGIONAL_Z) {
          out.append("[flag ").append(letter).append((char) ('A' + next - REGIONAL_A)).append(']');
          return width + Character.charCount(next);
        }
      }
      out.append("[regional indicator ").append(letter).append(']');
      return width;
    }
    String name = Character.getName(cp);
    out.append('[').append(name == null ? "emoji" : name.toLowerCase(Locale.ROOT)).append(']');
    return width;
  }
}
