package dev.guarddutyslack.buttons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ButtonValueTest {
  private static final String DETECTOR = "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7";
  private static final String FINDING = "d60c8da498e65e3091c69055272e2fbc";
  private static final String OTHER = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
  private static final byte[] KEY = "k3y-one-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ROTATED = "k3y-two-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
  private static final FindingRef REF = FindingRef.of("111122223333", "eu-west-1", DETECTOR, FINDING,
      Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow();

  @Test
  void aValueMadeWithTheKeyNamesItsFindingAndReadsBackGenuine() {
    String value = ButtonValue.write(REF, KEY);
    assertThat(value).matches("111122223333:eu-west-1:" + DETECTOR + ":" + FINDING
        + ":HIGH:[0-9a-f]{32}:Recon:EC2/PortProbeUnprotectedPort");
    assertThat(ButtonValue.read(value, List.of(KEY))).isEqualTo(new ButtonValue.Reading.Genuine(REF));
  }

  /** After a rotation the notifier signs with the new key; buttons made before still work. */
  @Test
  void aValueMadeWithThePreviousKeyIsAcceptedWhileThatKeyIs() {
    String before = ButtonValue.write(REF, KEY);
    assertThat(ButtonValue.read(before, List.of(ROTATED, KEY))).isInstanceOf(ButtonValue.Reading.Genuine.class);
    assertThat(ButtonValue.read(before, List.of(ROTATED))).isInstanceOf(ButtonValue.Reading.Forged.class);
  }

  /**
   * Anyone who holds a webhook can post a button; only the key makes its MAC. Changing any part of a genuine
   * value (the finding, the band, the type, the MAC), or making one without the key, gives a forgery.
   */
  @Test
  void aValueNotMadeWithOurKeyIsForgedWhateverItNames() {
    String genuine = ButtonValue.write(REF, KEY);
    String mac = genuine.split(":")[5];
    List<String> forgeries = List.of(
        genuine.replace(FINDING, OTHER),
        genuine.replace(":HIGH:", ":CRITICAL:"),
        genuine.replace("PortProbeUnprotectedPort", "SSHBruteForce"),
        genuine.replace(mac, "0".repeat(32)),
        genuine.replace(mac, mac.substring(0, 31) + (mac.charAt(31) == '0' ? '1' : '0')),
        ButtonValue.write(REF, "attacker-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)),
        "111122223333:eu-west-1:" + DETECTOR + ":" + FINDING + ":HIGH");
    for (String forged : forgeries) {
      assertThat(ButtonValue.read(forged, List.of(KEY))).as(forged).isInstanceOf(ButtonValue.Reading.Forged.class);
    }
    assertThat(ButtonValue.read(genuine.replace(FINDING, OTHER), List.of(KEY)))
        .isEqualTo(new ButtonValue.Reading.Forged(FindingRef.of("111122223333", "eu-west-1", DETECTOR, OTHER,
            Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow()));
    assertThat(ButtonValue.read(genuine, List.of())).isInstanceOf(ButtonValue.Reading.Forged.class);
  }

  private static final String MAC = "0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @ValueSource(strings = {"", "archive", "111122223333:eu-west-1:" + DETECTOR + "/../x:" + FINDING + ":HIGH:00:T",
      "111122223333:eu-west-1:" + DETECTOR + ":" + FINDING, "111122223333:eu-west-1:" + DETECTOR + ":" + FINDING
      + ":HIGH:" + MAC + ":<!channel>"})
  void aValueThatNamesNoFindingIsNotAFinding(String value) {
    assertThat(ButtonValue.read(value, List.of(KEY))).isEqualTo(new ButtonValue.Reading.NotAFinding());
  }

  @Test
  void aValueFitsSlacksLimitAndItsMacIs128Bits() {
    String value = ButtonValue.write(REF, KEY);
    assertThat(value.length()).isLessThan(ButtonValue.MAX_LENGTH);
    assertThat(value.split(":")[5]).hasSize(ButtonValue.MAC_BYTES * 2);
    assertThat(ButtonValue.read("x".repeat(ButtonValue.MAX_LENGTH + 1), List.of(KEY)))
        .isEqualTo(new ButtonValue.Reading.NotAFinding());
  }
}
