package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FindingRefTest {
  private static final String DETECTOR = "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7";
  private static final String FINDING = "d60c8da498e65e3091c69055272e2fbc";

  @Test
  void aFindingsPartsMakeAReferenceWithItsShortId() {
    FindingRef ref = FindingRef.of(" 111122223333", "eu-west-1 ", DETECTOR, FINDING, Severity.HIGH,
        "Recon:EC2/PortProbeUnprotectedPort").orElseThrow();
    assertThat(ref).isEqualTo(new FindingRef("111122223333", "eu-west-1", DETECTOR, FINDING, Severity.HIGH,
        "Recon:EC2/PortProbeUnprotectedPort"));
    assertThat(ref.shortId()).isEqualTo("d60c8da4");
    assertThat(FindingRef.of("111122223333", "us-gov-west-1", DETECTOR, FINDING, "CRITICAL", "")).isPresent();
    assertThat(FindingRef.of("111122223333", "cn-northwest-1", DETECTOR, FINDING, "LOW", "")).isPresent();
  }

  /** A type of another shape is left out; the finding can still be acted on. */
  @Test
  void aTypeOfAnotherShapeIsLeftOut() {
    assertThat(FindingRef.of("111122223333", "eu-west-1", DETECTOR, FINDING, Severity.HIGH, "<!channel> x")
        .orElseThrow().type()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "11112222333|eu-west-1|" + DETECTOR + "|" + FINDING + "|HIGH",
      "1111222233334|eu-west-1|" + DETECTOR + "|" + FINDING + "|HIGH",
      "111122223333|eu-west|" + DETECTOR + "|" + FINDING + "|HIGH",
      "111122223333|EU-WEST-1|" + DETECTOR + "|" + FINDING + "|HIGH",
      "111122223333|eu-west-1/../x|" + DETECTOR + "|" + FINDING + "|HIGH",
      "111122223333|eu-west-1|" + DETECTOR + "0|" + FINDING + "|HIGH",
      "111122223333|eu-west-1|../../detector|" + FINDING + "|HIGH",
      "111122223333|eu-west-1|" + DETECTOR + "|D60C8DA498E65E3091C69055272E2FBC|HIGH",
      "111122223333|eu-west-1|" + DETECTOR + "|sample-id|HIGH",
      "111122223333|eu-west-1|" + DETECTOR + "|" + FINDING + "|SEVERE"})
  void anythingElseIsNoFinding(String account, String region, String detector, String finding, String band) {
    assertThat(FindingRef.of(account, region, detector, finding, band, "")).isEmpty();
  }
}
