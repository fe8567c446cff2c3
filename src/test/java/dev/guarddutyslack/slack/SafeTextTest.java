package dev.guarddutyslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.guardduty.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTextTest {

  @ParameterizedTest
  @CsvSource(delimiterString = "=>", value = {
      "<!channel> hi          => &lt;!channel&gt; hi",
      "<@U123ABC>             => &lt;@U123ABC&gt;",
      "<https://evil.example|aws.amazon.com> => &lt;https[:]//evil[.]example|aws[.]amazon[.]com&gt;",
      "Tom & Jerry            => Tom &amp; Jerry",
      "&amp; already          => &amp;amp; already",
      "ping @here now         => ping @\u200Bhere now",
      "@Channel and @EVERYONE => @\u200BChannel and @\u200BEVERYONE",
      "mail me@example.com    => mail me@example[.]com"})
  void escapesWhatSlackWouldParse(String raw, String expected) {
    assertThat(SafeText.mrkdwn(raw, 3000)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "=>", value = {
      "go to https://evil.example/login now => go to https[:]//evil[.]example/login now",
      "www.evil.example                      => www[.]evil[.]example",
      "WWW.Evil.Example.                     => WWW[.]Evil[.]Example.",
      "mail a@evil.example.com               => mail a@evil[.]example[.]com",
      "ftp://10.0.0.1/x                      => ftp[:]//10.0.0.1/x",
      "version 1.2.3 and e.g. i.e.           => version 1.2.3 and e.g. i.e.",
      "evil.com1 and evil.c0m                => evil[.]com1 and evil.c0m",
      "evil.com.1 or 1.2.3.4 or v1.2         => evil[.]com[.]1 or 1.2.3.4 or v1.2",
      "*Severity* LOW _x_ ~y~ `z`            => \u2217Severity\u2217 LOW \u02CDx\u02CD \u223Cy\u223C \u02CBz\u02CB",
      "a > b                                 => a &gt; b",
      "CLOUD_TRAIL and _it_ and x_ _y        => CLOUD_TRAIL and \u02CDit\u02CD and x\u02CD \u02CDy"})
  void textCannotLinkOrFormat(String raw, String expected) {
    assertThat(SafeText.line(raw, 3000)).isEqualTo(expected);
  }

  @Test
  void noLineOfTextCanStartAQuote() {
    assertThat(SafeText.mrkdwn("> quoted\nok\n  > again", 3000)).isEqualTo("\u203A quoted\nok\n  \u203A again");
    assertThat(SafeText.line("> quoted", 3000)).isEqualTo("\u203A quoted");
  }

  @Test
  void codeKeepsDomainsButNotSchemesOrWww() {
    assertThat(SafeText.code("curl https://evil.example *x*", 100)).isEqualTo("`curl https[:]//evil.example *x*`");
    assertThat(SafeText.code("www.evil.example", 100)).isEqualTo("`www[.]evil.example`");
  }

  @Test
  void plainTextIsDefangedToo() {
    assertThat(SafeText.plain("Call to https://evil.example", 150)).isEqualTo("Call to https[:]//evil[.]example");
  }

  @Test
  void aNameCutAtTheLimitIsDefangedWhateverItsLastLabel() {
    for (int max = 8; max < 30; max++) {
      String out = SafeText.line("go to evil.example.com.", max);
      assertThat(out).as("max %d", max).doesNotContainPattern("[a-z]\\.[a-z]");
    }
  }

  @Test
  void aHugeDomainShapedValueIsCutAndMarked() {
    String out = SafeText.line("a.".repeat(500_000) + "com", 3000);
    assertThat(out.length()).isLessThanOrEqualTo(3000);
    assertThat(out).startsWith("a[.]a[.]").endsWith(SafeText.ELLIPSIS);
  }

  @Test
  void removesControlBidiAndZeroWidthCharacters() {
    String raw = "ab\u0000c\u202Ed\u2066e\u200Bf\u200Dg\uFEFFh\u0007i\u0085j";
    assertThat(SafeText.mrkdwn(raw, 100)).isEqualTo("abcdefghij");
  }

  @Test
  void dropsLoneSurrogatesButKeepsPairs() {
    String raw = "a\uD800b\uDC00c\uD842\uDFB7d";
    assertThat(SafeText.mrkdwn(raw, 100)).isEqualTo("abc\uD842\uDFB7d");
  }

  @Test
  void truncationNeverCutsAnEscape() {
    String raw = "<".repeat(1000);
    for (int max = 1; max < 40; max++) {
      String out = SafeText.mrkdwn(raw, max);
      assertThat(out.length()).isLessThanOrEqualTo(max);
      assertThat(out.replace("&lt;", "").replace(SafeText.ELLIPSIS, "")).as("max %d: %s", max, out).isEmpty();
    }
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String raw = "\uD842\uDFB7".repeat(100);
    for (int max = 2; max < 20; max++) {
      String out = SafeText.plain(raw, max);
      assertThat(out.length()).isLessThanOrEqualTo(max);
      assertThat(out.replace("\uD842\uDFB7", "").replace(SafeText.ELLIPSIS, "")).isEmpty();
    }
  }

  @Test
  void codeSpansCannotBeClosedByTheValue() {
    assertThat(SafeText.code("evil`<!here>`x", 100)).isEqualTo("`evil\u02CB&lt;!here&gt;\u02CBx`");
  }

  @Test
  void oneLineTextFoldsLineBreaks() {
    assertThat(SafeText.line("a\r\nb\n\tc", 100)).isEqualTo("a b c");
    assertThat(SafeText.mrkdwn("a\r\nb", 100)).isEqualTo("a\nb");
  }

  @Test
  void shortTextIsKeptWhole() {
    assertThat(SafeText.mrkdwn("abc", 3)).isEqualTo("abc");
    assertThat(SafeText.mrkdwn("abcd", 3)).isEqualTo("ab" + SafeText.ELLIPSIS);
  }

  /**
   * Host names written so that only a browser's or Slack's IDNA mapping (UTS #46) makes them one: full-width
   * letters and dots, ideographic full stops, characters IDNA ignores, other scripts. Each is defanged.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", value = {
      "full-width => \uFF45\uFF56\uFF49\uFF4C\uFF0E\uFF43\uFF4F\uFF4D => evil[.]com",
      "ideographic full stop => evil\u3002com => evil[.]com",
      "half-width ideographic full stop => evil\uFF61com => evil[.]com",
      "variation selector => evil.\uFE0Fcom => evil[.]com",
      "soft hyphen => ev\u00ADil.com => evil[.]com",
      "combining grapheme joiner => evil.\u034Fcom => evil[.]com",
      "another script => \u4F8B\u3048.jp => \u4F8B\u3048[.]jp",
      "mixed script => \u0440\u0430\u0443\u0440\u0430l.com => \u0440\u0430\u0443\u0440\u0430l[.]com"})
  void hostNamesInEveryViewAnIdnaReaderHasAreDefanged(String name, String raw, String shown) {
    assertThat(SafeText.line("see " + raw + " now", 200)).isEqualTo("see " + shown + " now");
    assertThat(SafeText.plain("see " + raw + " now", 200)).isEqualTo("see " + shown + " now");
    assertThat(SafeText.mrkdwn("see " + raw, 200)).isEqualTo("see " + shown);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "=>", value = {
      "our marker => :test_tube: Sample => :\u200Btest_tube: Sample",
      "a badge => :white_check_mark: done => :\u200Bwhite_check_mark: done",
      "back to back => :lock:x:lock: => :\u200Block:\u200Bx:\u200Block:",
      "skin tone => :+1::skin-tone-2: => :\u200B+1::\u200Bskin-tone-2:",
      "the digit emoji => :100: => :\u200B100:",
      "a time stays => 20:40:06 UTC => 20:40:06 UTC",
      "an ARN in text => arn:aws:iam::1:role/x => arn:\u200Baws:\u200Biam::1:role/x"})
  void emojiShortcodesFromAFindingShowAsTextNeverAsEmoji(String name, String raw, String shown) {
    assertThat(SafeText.line(raw, 200)).isEqualTo(shown);
  }

  @Test
  void codeSpansKeepColonsAsTheyAreBecauseSlackRendersNoEmojiThere() {
    assertThat(SafeText.code("arn:aws:iam::111122223333:role/x", 200)).isEqualTo("`arn:aws:iam::111122223333:role/x`");
  }
}
