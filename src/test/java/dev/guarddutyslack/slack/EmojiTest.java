package dev.guarddutyslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Emoji from a finding show as their names in every view; only the project's own markers are emoji. */
class EmojiTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "our sample marker | \uD83E\uDDEA Sample finding | [test tube] Sample finding",
      "a check mark | \u2705 Resolved by security | [white heavy check mark] Resolved by security",
      "with a variation selector | \u2714\uFE0F done | [heavy check mark] done",
      "a flag | \uD83C\uDDFA\uD83C\uDDF8 traffic | [flag US] traffic",
      "a lone regional indicator | \uD83C\uDDFA x | [regional indicator U] x",
      "a keycap | 1\uFE0F\u20E3 first | 1 first",
      "a skin tone | \uD83D\uDC4D\uD83C\uDFFD ok | [thumbs up sign] ok",
      "a family (joined) | \uD83D\uDC69\u200D\uD83D\uDC67 | [woman][girl]",
      "text symbols stay (compatibility forms as IDNA reads them) | \u00A9 2026 Example\u2122 \u00AE | \u00A9 2026 ExampleTM \u00AE",
      "other scripts stay | \u8b66\u544a: \u00e9t\u00e9 | \u8b66\u544a: \u00e9t\u00e9"})
  void emojiInFindingTextShowAsTheirNames(String what, String text, String shown) {
    assertThat(SafeText.line(text, 200)).as(what).isEqualTo(shown);
    assertThat(SafeText.plain(text, 200)).as(what).isEqualTo(shown);
    assertThat(SafeText.mrkdwn(text, 200)).as(what).isEqualTo(shown);
    assertThat(SafeText.code(text, 200)).as(what).isEqualTo("`" + shown + "`");
  }

  /**
   * The table is Unicode's Extended_Pictographic as the JDK knows it (JDK 21 and later); on an older JDK this
   * check cannot run, and says so.
   */
  @Test
  void theTableIsTheJdksExtendedPictographic() throws Exception {
    Method jdk;
    try {
      jdk = Character.class.getMethod("isExtendedPictographic", int.class);
    } catch (NoSuchMethodException e) {
      System.out.println("SKIPPED: Character.isExtendedPictographic needs JDK 21+; the emoji table was not compared");
      return;
    }
    List<String> differences = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if ((boolean) jdk.invoke(null, cp) != Emoji.pictographic(cp)) {
        differences.add(Integer.toHexString(cp));
      }
    }
    // A JDK with a later Unicode may add pictographs; a difference names them, to be added to the table.
    assertThat(differences).as("code points where the table and the JDK differ").isEmpty();
  }
}
