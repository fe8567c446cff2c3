package dev.guarddutyslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The safe text types: how untrusted text becomes {@code Mrkdwn} and {@code Plain}, and how pieces combine. */
class MrkdwnTest {

  @Test
  void untrustedTextIsEscapedAndTheProjectsOwnIsNot() {
    Mrkdwn line = Mrkdwn.ours("*Title*\n").plus(Mrkdwn.line("<!here> & <https://evil.example|x>", 100));

    assertThat(line.toString()).startsWith("*Title*\n&lt;!here&gt; &amp; &lt;").doesNotContain("<!here>")
        .doesNotContain("https://evil.example");
  }

  @Test
  void boldWrapsOnlyWhatIsThereAndJoinUsesTheSeparator() {
    assertThat(Mrkdwn.line("name", 10).bold()).hasToString("*name*");
    assertThat(Mrkdwn.EMPTY.bold()).isEqualTo(Mrkdwn.EMPTY);
    assertThat(Mrkdwn.join(Mrkdwn.ours(", "), List.of(Mrkdwn.code("a", 5), Mrkdwn.number(2))))
        .hasToString("`a`, 2");
  }

  @Test
  void withinCutsBeforeAnEntityNeverThroughIt() {
    Mrkdwn text = Mrkdwn.ours("abc").plus(Mrkdwn.line("&&&&", 100));

    String cut = text.within(10);

    assertThat(cut).hasSizeLessThanOrEqualTo(10).isEqualTo("abc&amp;" + SafeText.ELLIPSIS);
  }

  @Test
  void withinNeverSplitsASurrogatePair() {
    Mrkdwn text = Mrkdwn.ours("ab").plus(Mrkdwn.line("\uD842\uDFB7\uD842\uDFB7", 100));

    String cut = text.within(4);

    assertThat(cut).isEqualTo("ab" + SafeText.ELLIPSIS);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
  }

  @Test
  void shortTextIsKeptWhole() {
    assertThat(Mrkdwn.ours("short").within(100)).isEqualTo("short");
  }

  @Test
  void plainTextIsCleanedOnOneLine() {
    Plain plain = Plain.ours("Sample: ").plus(Plain.of("line one\nline two", 100));
    assertThat(plain.toString()).isEqualTo("Sample: line one line two");
  }
}
