package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "0, LOW", "1.0, LOW", "3.9, LOW", "3.99, LOW",
      "4.0, MEDIUM", "4, MEDIUM", "5.55, MEDIUM", "6.9, MEDIUM", "6.99, MEDIUM",
      "7.0, HIGH", "8.9, HIGH", "8.95, HIGH", "8.99, HIGH",
      "9.0, CRITICAL", "9.2, CRITICAL", "10, CRITICAL"})
  void bandsFollowGuardDutysBoundaries(double severity, Severity band) {
    assertThat(Severity.of(severity)).isEqualTo(band);
  }

  @ParameterizedTest(name = "minimum {0} is {1}")
  @CsvSource({"LOW, 0", "medium, 4", "HIGH, 7", "Critical, 9", "5.5, 5.5", " 8.95 , 8.95", "0, 0", "10, 10"})
  void minimumIsABandNameOrANumber(String text, double expected) {
    assertThat(Severity.parseMinimum(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SEVERE", "", "-1", "10.5", "NaN", "Infinity", "7,5"})
  void rejectsMinimumsThatAreNeither(String text) {
    assertThatThrownBy(() -> Severity.parseMinimum(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
