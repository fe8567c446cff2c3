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

  /** The ids of the message's buttons, in order. */
  private static List<String> buttons(JsonNode message) {
    List<String> ids = new ArrayList<>();
    message.at("/attachments/0/blocks").forEach(b -> {
      if ("actions".equals(b.path("type").asText())) {
        b.path("elements").forEach(e -> ids.add(e.path("action_id").asText()));
      }
    });
    return ids;
  }

  private static JsonNode messageWithButtons() {
    return SlackPayloadAssertions.json(new FindingFormatter(Map.of(),
        dev.guarddutyslack.buttons.ButtonKeys.of(Fixtures.BUTTON_KEY)).format(
        FindingFormatterTest.finding(Fixtures.event("finding-high"))));
  }

  /**
   * A click in Slack, handed on by the triage function, reads "Archived in Slack by @user", the user a mention of
   * the checked id; the Archive button becomes Unarchive (with the same bound value) and back, and a later change
   * in the console replaces the line as any other.
   */
  @Test
  void aClickInSlackNamesTheUserAndTurnsTheArchiveButton() {
    ConsoleChange archived = ConsoleChange.inSlack(ConsoleChange.ARCHIVED, ID, "eu-west-1", "U0ALLOWED1",
        "2026-11-20T12:30:05Z", "0".repeat(32));
    JsonNode original = messageWithButtons();
    assertThat(buttons(original)).containsExactly("open_console", "archive", "useful", "not_useful");
    String value = original.findParents("action_id").stream()
        .filter(b -> "archive".equals(b.path("action_id").asText())).findFirst().orElseThrow().path("value").asText();

    ObjectNode once = ConsoleChanges.edited(original, archived).orElseThrow();
    assertValidAndSafe(once);
    assertThat(context(once)).contains("*Archived in Slack* by <@U0ALLOWED1> at 2026-11-20 12:30:05 UTC");
    assertThat(buttons(once)).containsExactly("open_console", "unarchive", "useful", "not_useful");
    assertThat(once.findParents("action_id").stream().filter(b -> "unarchive".equals(b.path("action_id").asText()))
        .findFirst().orElseThrow().path("value").asText()).isEqualTo(value);
    assertThat(SlackPayloadAssertions.json(ConsoleChanges.reply(archived, ID)).path("text").asText())
        .isEqualTo("GuardDuty finding `" + ID + "` archived in Slack");

    ObjectNode back = ConsoleChanges.edited(once, new ConsoleChange(ConsoleChange.UNARCHIVED, List.of(ID),
        "eu-west-1", "arn:aws:iam::111122223333:user/bob", "2026-11-20T13:00:00Z")).orElseThrow();
    assertValidAndSafe(back);
    assertThat(buttons(back)).containsExactly("open_console", "archive", "useful", "not_useful");
    assertThat(back.toString()).as("the Archive button asks before it acts, as the first one did")
        .contains("Archive this finding?");
    assertThat(context(back)).noneMatch(l -> l.contains("in Slack*"))
        .anyMatch(l -> l.startsWith("*Unarchived in the GuardDuty console* by"));
    assertThat(buttons(ConsoleChanges.edited(back, ConsoleChange.inSlack(ConsoleChange.USEFUL, ID, "eu-west-1",
        "U0ALLOWED1", "2026-11-20T13:05:00Z", "0".repeat(32))).orElseThrow()))
        .as("feedback turns no button").containsExactly("open_console", "archive", "useful", "not_useful");
  }

  @Test
  void aMessageThisProjectDidNotWriteIsLeftAlone() throws Exception {
    ConsoleChange change = new ConsoleChange(ConsoleChange.ARCHIVED, List.of(ID), "eu-west-1", null, null);
    assertThat(ConsoleChanges.edited(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"text\":\"x\"}"),
        change)).isEmpty();
  }
}
