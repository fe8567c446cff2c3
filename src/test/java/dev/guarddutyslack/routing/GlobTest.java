package dev.guarddutyslack.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code *} matches any run of characters; everything else matches itself. */
class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "Recon:*, Recon:EC2/PortProbeUnprotectedPort, true",
      "Recon:*, Recon:, true",
      "Recon:*, UnauthorizedAccess:EC2/SSHBruteForce, false",
      "Recon:*, recon:EC2/Portscan, false",
      "*:EC2/*, Backdoor:EC2/C&CActivity.B!DNS, true",
      "*:EC2/*, Backdoor:Lambda/C&CActivity.B, false",
      "*, anything at all, true",
      "*Brute*, UnauthorizedAccess:EC2/SSHBruteForce, true",
      "a*a, a, false",
      "a*a, aa, true",
      "a*b*a, ababa, true",
      "a*b*a, aba, true",
      "a*b*a, abba, true",
      "a*b*a, aab, false",
      "**, '', true",
      "Trojan:EC2/DNSDataExfiltration, Trojan:EC2/DNSDataExfiltration, true",
      "Trojan:EC2/DNSDataExfiltration, Trojan:EC2/DNSDataExfiltration!DNS, false",
      "prod-*, prod-, true",
      "prod-*, pro, false"})
  void matchesLikeAShellGlobWithStarOnly(String pattern, String text, boolean matches) {
    assertThat(Glob.of(pattern).matches(text)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Recon:?", "Recon:[EC2]*", "{a,b}", "back\\slash", "tab\there"})
  void refusesWhatWouldNotMeanWhatItSays(String pattern) {
    assertThatThrownBy(() -> Glob.of(pattern)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {Glob.MAX_LENGTH + 1})
  void refusesOverlongPatterns(int length) {
    assertThatThrownBy(() -> Glob.of("a".repeat(length))).hasMessageContaining("longer than");
  }
}
