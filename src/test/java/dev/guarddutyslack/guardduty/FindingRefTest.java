package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FindingRefTest {
  private static final String DETECTOR = "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7";
  private static final String FINDING = "d60c8da498e65e3091c69055272e2fbc";

  @Test
  void aButtonValueNamesEveryPartAndReadsBack() {
    String value = FindingRef.value("111122223333", "eu-west-1", DETECTOR, FINDING, Severity.HIGH).orElseThrow();
    assertThat(value).isEqualTo("111122223333:eu-west-1:" + DETECTOR + ":" + FINDING + ":HIGH");
    assertThat(FindingRef.parse(value)).contains(new FindingRef("111122223333", "eu-west-1", DETECTOR, FINDING,
        Severity.HIGH));
    assertThat(FindingRef.parse("111122223333:us-gov-west-1:" + DETECTOR + ":" + FINDING + ":CRITICAL")).isPresent();
    assertThat(FindingRef.parse("111122223333:cn-northwest-1:" + DETECTOR + ":" + FINDING + ":LOW")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "11112222333:eu-west-1:" + DETECTOR + ":" + FINDING + ":HIGH",
      "1111222233334:eu-west-1:" + DETECTOR + ":" + FINDING + ":HIGH",
      "111122223333:eu-west:" + DETECTOR + ":" + FINDING + ":HIGH",
      "111122223333:EU-WEST-1:" + DETECTOR + ":" + FINDING + ":HIGH",
      "111122223333:eu-west-1/../x:" + DETECTOR + ":" + FINDING + ":HIGH",
      "111122223333:eu-west-1:" + DETECTOR + "0:" + FINDING + ":HIGH",
      "111122223333:eu-west-1:../../detector:" + FINDING + ":HIGH",
      "111122223333:eu-west-1:" + DETECTOR + ":" + "D60C8DA498E65E3091C69055272E2FBC" + ":HIGH",
      "111122223333:eu-west-1:" + DETECTOR + ":" + FINDING + ":SEVERE",
      "111122223333:eu-west-1:" + DETECTOR + ":" + FINDING,
      "111122223333:eu-west-1:" + DETECTOR + ":" + FINDING + ":HIGH:extra",
      ""})
  void anythingElseIsNoFinding(String value) {
    assertThat(FindingRef.parse(value)).isEmpty();
  }

  @Test
  void aFindingWithoutItsPartsGetsNoValue() {
    assertThat(FindingRef.value("111122223333", "eu-west-1", null, FINDING, Severity.HIGH)).isEmpty();
    assertThat(FindingRef.value("111122223333", "eu-west-1", DETECTOR, "sample-id", Severity.HIGH)).isEmpty();
  }
}
