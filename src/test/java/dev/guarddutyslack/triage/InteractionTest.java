package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InteractionTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String CLICK = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0TEAM1\"},"
      + "\"user\":{\"id\":\"%s\"},\"response_url\":\"https://hooks.slack.com/actions/T0TEAM1/1/x\","
      + "\"actions\":[{\"action_id\":\"archive\",\"action_ts\":\"1700000000.123\",\"value\":\"v1.abc\"},"
      + "{\"action_id\":\"second\"}],\"message\":{\"text\":\"HIGH finding\"}}";

  private static byte[] form(String... fields) {
    return String.join("&", fields).getBytes(StandardCharsets.UTF_8);
  }

  private static String payload(String json) {
    return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  @Test
  void readsTheFirstActionOfABlockActionsPayload() {
    Interaction click = Interaction.parse(JSON, form("token=ignored", payload(CLICK.formatted("U0ALLOWED1"))))
        .orElseThrow();
    assertThat(click.type()).isEqualTo("block_actions");
    assertThat(click.teamId()).isEqualTo("T0TEAM1");
    assertThat(click.userId()).contains("U0ALLOWED1");
    assertThat(click.actionId()).isEqualTo("archive");
    assertThat(click.value()).isEqualTo("v1.abc");
    assertThat(click.actionTs()).isEqualTo("1700000000.123");
    assertThat(click.responseUrl()).isEqualTo("https://hooks.slack.com/actions/T0TEAM1/1/x");
    assertThat(click.message().path("text").asText()).isEqualTo("HIGH finding");
  }

  /** A user id of another shape never reaches a mention, a log line or a message. */
  @ParameterizedTest
  @ValueSource(strings = {"", "u0lower", "U0", "<!channel>", "U0ALLOWED1 extra", "X0ALLOWED1"})
  void aUserIdOfAnotherShapeIsLeftOut(String user) {
    Interaction click = Interaction.parse(JSON, form(payload(CLICK.formatted(user)))).orElseThrow();
    assertThat(click.userId()).isEmpty();
  }

  @Test
  void anEnterpriseUserIdIsKept() {
    assertThat(Interaction.parse(JSON, form(payload(CLICK.formatted("W012ABCDEF")))).orElseThrow().userId())
        .contains("W012ABCDEF");
  }

  @Test
  void aBodyWithoutAReadablePayloadIsNoInteraction() {
    assertThat(Interaction.parse(JSON, form("token=x", "team_id=T1"))).isEmpty();
    assertThat(Interaction.parse(JSON, form("payload=%7B%22type%22"))).as("not JSON").isEmpty();
    assertThat(Interaction.parse(JSON, form("payload=%E0%A4%A"))).as("a broken escape").isEmpty();
    assertThat(Interaction.parse(JSON, new byte[0])).isEmpty();
  }

  @Test
  void missingFieldsBecomeEmptyTexts() {
    Interaction bare = Interaction.parse(JSON, form(payload("{\"type\":\"block_actions\"}"))).orElseThrow();
    assertThat(bare.actionId()).isEmpty();
    assertThat(bare.value()).isEmpty();
    assertThat(bare.responseUrl()).isEmpty();
    assertThat(bare.userId()).isEqualTo(Optional.empty());
    assertThat(bare.message().isMissingNode()).isTrue();
  }
}
