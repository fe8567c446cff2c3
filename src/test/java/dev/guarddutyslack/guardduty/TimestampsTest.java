package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2022-01-13T00:00:47.000Z          | 2022-01-13T00:00:47Z",
      "2024-05-01T10:00:00+02:00         | 2024-05-01T08:00:00Z",
      "2025-02-25 20:40:06.721           | 2025-02-25T20:40:06.721Z",
      "2025-02-25 20:40:06.000000000     | 2025-02-25T20:40:06Z",
      "2018-05-11T14:56:39               | 2018-05-11T14:56:39Z",
      "1513612691.551                    | 2017-12-18T15:58:11.551Z",
      "1513612691                        | 2017-12-18T15:58:11Z",
      "1763632000000                     | 2025-11-20T09:46:40Z"})
  void readsEveryShapeGuardDutyUses(String text, String expected) {
    assertThat(Timestamps.parse(text)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "yesterday", "2025-13-45T99:00:00Z", "12:00"})
  void unreadableTimesAreAbsentAndShownAsTheyCame(String text) {
    assertThat(Timestamps.parse(text)).isEmpty();
    assertThat(Timestamps.display(text)).isEqualTo(text);
  }

  /** A forged or broken time outside what a finding can hold is no time: nothing downstream can overflow. */
  @ParameterizedTest
  @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1900-01-01T00:00:00Z",
      "2400-01-01T00:00:00Z", "99999999999999999999999", "-1513612691", "18446744073709551617000"})
  void timesOutsideTheYears2000To2200AreAbsent(String text) {
    assertThat(Timestamps.parse(text)).isEmpty();
  }
}
