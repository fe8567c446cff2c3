package dev.guarddutyslack.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.guardduty.ParsedEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digest trigger, written and read in one place, in the shape docs/storms.md documents. */
class DigestTriggerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void whatIsWrittenReadsBackAsTheWindowsDigest() throws Exception {
    Window window = new Window("HIGH", Instant.parse("2026-11-29T10:05:00Z"), Duration.ofMinutes(5));

    String written = DigestTrigger.write(MAPPER.getFactory(), window);
    JsonNode trigger = MAPPER.readTree(written);

    assertThat(written).isEqualTo("{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\","
        + "\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":5}");
    assertThat(DigestTrigger.is(trigger)).isTrue();
    assertThat(DigestTrigger.name(trigger)).isEqualTo("digest HIGH 2026-11-29T10:05:00Z");
    assertThat(DigestTrigger.read(trigger)).isEqualTo(new ParsedEvent.DigestDue("HIGH", window.start(),
        Duration.ofMinutes(5)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"guardduty-slack\":\"other\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"high\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:06:00Z\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"yesterday\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":5.5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T00:00:00Z\",\"windowMinutes\":1441}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00.5Z\",\"windowMinutes\":5}"})
  void anythingElseMarkedAsATriggerIsUnreadable(String text) throws Exception {
    JsonNode trigger = MAPPER.readTree(text);

    assertThat(DigestTrigger.is(trigger)).isTrue();
    assertThat(DigestTrigger.read(trigger)).isInstanceOf(ParsedEvent.Unreadable.class);
  }

  @Test
  void anEventBridgeEventIsNoTrigger() throws Exception {
    assertThat(DigestTrigger.is(MAPPER.readTree("{\"detail-type\":\"GuardDuty Finding\",\"source\":\"aws.guardduty\"}")))
        .isFalse();
    assertThat(DigestTrigger.is(null)).isFalse();
  }
}
