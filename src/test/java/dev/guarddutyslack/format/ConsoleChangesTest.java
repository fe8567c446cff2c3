package dev.guarddutyslack.format;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SlackPayloadAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line a change made in the console adds to a finding's message, and the reply in its thread. */
class ConsoleChangesTest {
  private static final String ID = "d60c8da498e65e3091c69055272e2fbc";

  private static JsonNode message() {
    return SlackPayloadAssertions.json(new FindingFormatter(Map.of()).format(
        FindingFormatterTest.finding(Fixtures.event("finding-high"))));
  }

  private static List<String> context(JsonNode message) {
    List<String> lines = new ArrayList<>();
    message.at("/attachments/0/blocks").forEach(b -> {
      if ("context".equals(b.path("type").asText())) {
        b.path("elements").forEach(e -> lines.add(e.path("text").asText()));
      }
    });
    return lines;
  }

  @Test
  void theLatestChangeReplacesTheLineOfTheOneBefore() {
    ConsoleChange archived = new ConsoleChange(ConsoleChange.ARCHIVED, List.of(ID), "eu-west-1",
        "arn:aws:sts::111122223333:assumed-role/Responder/alice", "2026-11-20T12:30:00Z");
    ConsoleChange useful = new ConsoleChange(ConsoleChange.USEFUL, List.of(ID), "eu-west-1", null, null);

    ObjectNode once = ConsoleChanges.edited(message(), archived).orElseThrow();
    ObjectNode twice = ConsoleChanges.edited(once, useful).orElseThrow();

    assertValidAndSafe(once);
    assertThat(context(once)).contains("*Archived in the GuardDuty console* by"
        + " `arn:aws:sts::111122223333:assumed-role/Responder/alice` at 2026-11-20 12:30:00 UTC");
    assertThat(context(twice)).filteredOn(l -> l.contains("GuardDuty console*"))
        .containsExactly("*Marked useful in the GuardDuty console*");
    assertThat(context(twice)).anyMatch(l -> l.startsWith("Finding `"));
    assertThat(ConsoleChanges.shows(message(), archived)).isFalse();
    assertThat(ConsoleChanges.shows(once, archived)).as("a retry finds it done").isTrue();
    assertThat(ConsoleChanges.shows(twice, archived)).as("a later change replaced it").isFalse();
  }

  /** The caller's ARN can carry a session name anyone chose: it is finding text, shown and never acted on. */
  @Test
  void theCallerIsShownNeverInterpreted() {
    ConsoleChange hostile = new ConsoleChange(ConsoleChange.ARCHIVED, List.of(ID), "eu-west-1",
        "arn:aws:sts::111122223333:assumed-role/R/<!channel>`*x*`<https://evil.example|click>", "not a time");

    ObjectNode edited = ConsoleChanges.edited(message(), hostile).orElseThrow();
    assertValidAndSafe(edited);
    JsonNode reply = SlackPayloadAssertions.json(ConsoleChanges.reply(hostile, ID));
    assertValidAndSafe(reply);
    assertThat(reply.path("text").asText()).isEqualTo("GuardDuty finding `" + ID + "` archived in the console");
  }

  @Test
  void aMessageThisProjectDidNotWriteIsLeftAlone() throws Exception {
    ConsoleChange change = new ConsoleChange(ConsoleChange.ARCHIVED, List.of(ID), "eu-west-1", null, null);
    assertThat(ConsoleChanges.edited(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"text\":\"x\"}"),
        change)).isEmpty();
  }
}
