package dev.guarddutyslack.format;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static dev.guarddutyslack.testing.SlackPayloadAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SlackPayloadAssertions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string of every fixture replaced by attacker text, and every list made huge: the message must stay
 * within Block Kit's limits and carry no mention, broadcast, link or invisible character.
 */
@Execution(ExecutionMode.CONCURRENT)
class HostileFindingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> HOSTILE = Map.ofEntries(
      Map.entry("channel mention", "<!channel> look"),
      Map.entry("user mention", "hi <@U123ABC> and <!subteam^S123|@security>"),
      Map.entry("disguised link", "<https://evil.example/login|https://console.aws.amazon.com>"),
      Map.entry("ampersands", "&amp; & &lt; &#60; &"),
      Map.entry("bidi and nul", "safe\u202Etxt.exe\u0000\u2066\u200B@here\u0007"),
      Map.entry("broadcast words", "@channel @here @everyone"),
      Map.entry("huge", "<!here>&" + "x".repeat(200_000)),
      Map.entry("huge escapes", "<".repeat(200_000)),
      Map.entry("emoji pairs", "\uD83D\uDEA8".repeat(100_000)),
      Map.entry("supplementary pairs", "\uD842\uDFB7".repeat(100_000)),
      Map.entry("bare links", "see https://evil.example/login, HXXP://x.test or www.evil.example and a@evil.example.com."),
      Map.entry("forged formatting", "*Sev1*: LOW _quiet2_ ~HIGH3~ `code4` *FORGED5*"),
      Map.entry("forged quote", "> Sev6 LOW\n&gt; Resolved by the security team\n  > nothing to do"),
      Map.entry("internationalised hosts", "see \uFF45\uFF56\uFF49\uFF4C\uFF0E\uFF43\uFF4F\uFF4D, evil\u3002com,"
          + " evil\uFF61com, evil.\uFE0Fcom, ev\u00ADil.com, \u4F8B\u3048.jp and \u0440\u0430\u0443\u0440\u0430l.com"),
      Map.entry("emoji shortcodes", ":test_tube: Sample finding :white_check_mark: Archived by :lock:security:lock:"
          + " :100: :+1::skin-tone-2:"),
      Map.entry("literal emoji", "\uD83E\uDDEA Sample finding from GuardDuty \u2705 Archived by security \uD83D\uDD12"
          + " \uD83C\uDDFA\uD83C\uDDF8 1\uFE0F\u20E3 \uD83D\uDC4D\uD83C\uDFFD \u26A0\uFE0F"));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Path fixture : Fixtures.testFindings()) {
      for (Map.Entry<String, String> hostile : HOSTILE.entrySet()) {
        out.add(Arguments.of(fixture.getFileName().toString(), hostile.getKey(), hostile.getValue(), fixture));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("cases")
  void hostileTextInEveryFieldStaysInert(String name, String kind, String hostile, Path fixture) throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.read(fixture));
    JsonNode detail = poison(event.get("detail"), hostile);
    ((ObjectNode) detail).put("severity", event.get("detail").get("severity").asDouble());
    Finding finding = Finding.of(detail);

    JsonNode message = SlackPayloadAssertions.json(new FindingFormatter(Map.of(), ButtonKeys.of(Fixtures.BUTTON_KEY)).format(finding));

    assertValidAndSafe(message);
    assertThat(texts(message)).noneMatch(t -> t.contains("<!") || t.contains("<@") || t.contains("<http"));
    for (String text : SlackPayloadAssertions.parsedTexts(message)) {
      String formatted = SlackPayloadAssertions.outsideCode(text);
      assertThat(formatted).as("formatting from the finding").doesNotContain("*Sev1", "_quiet2", "~HIGH3", "`code4",
          "*FORGED5");
      assertThat(formatted).as("links from the finding").doesNotContain("evil.example", "x.test", "evil.com");
      assertThat(formatted).as("emoji from the finding").doesNotContain(":white_check_mark:", ":lock:");
    }

    assertThat(MAPPER.writeValueAsBytes(message).length).as("payload size").isLessThan(200_000);
  }

  /** Replaces every string with the hostile text and repeats every list's first item 300 times. */
  private static JsonNode poison(JsonNode node, String hostile) {
    if (node.isTextual()) {
      return TextNode.valueOf(hostile);
    }
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), poison(e.getValue(), hostile)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      if (!node.isEmpty()) {
        JsonNode first = poison(node.get(0), hostile);
        for (int i = 0; i < 300; i++) {
          copy.add(first);
        }
      }
      return copy;
    }
    return node;
  }
}
