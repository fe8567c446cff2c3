package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.format.TriageButtons;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.slack.Mrkdwn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepliesTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final FindingRef FINDING = FindingRef.of("111122223333", "eu-west-1", "a".repeat(32),
      "b".repeat(32), Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow();
  private static final Instant AT = Instant.parse("2026-12-06T10:14:59Z");
  private static final String BLOCKS = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*HIGH*\"}},"
      + "{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"action_id\":\"%s\"}]}]";

  private final Replies replies = new Replies(JSON);

  private static JsonNode read(byte[] bytes) throws Exception {
    return MAPPER.readTree(bytes);
  }

  private static List<String> actionIds(JsonNode blocks) {
    List<String> ids = new ArrayList<>();
    blocks.findValues("action_id").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  @Test
  void anArchiveReplacesTheButtonsWithWhoDidWhatAndUnarchive() throws Exception {
    JsonNode message = MAPPER.readTree("{\"text\":\"HIGH finding\",\"blocks\":"
        + BLOCKS.formatted(TriageButtons.ARCHIVE) + "}");
    JsonNode reply = read(replies.replacement(message, TriageAction.ARCHIVE, "U0ALLOWED1", AT, FINDING, "v1.x"));
    assertThat(reply.path("replace_original").asBoolean()).isTrue();
    assertThat(reply.path("text").asText()).isEqualTo("HIGH finding");
    assertThat(reply.path("unfurl_links").asBoolean(true)).isFalse();
    JsonNode blocks = reply.path("blocks");
    assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo("*HIGH*");
    assertThat(blocks.findValuesAsText("type")).containsOnlyOnce("actions");
    String done = blocks.get(1).path("elements").get(0).path("text").asText();
    assertThat(done).isEqualTo("Archived by <@U0ALLOWED1> at 10:14 UTC \u00B7 finding `bbbbbbbb`\u2026");
    assertThat(actionIds(blocks)).contains(TriageButtons.UNARCHIVE).doesNotContain(TriageButtons.ARCHIVE);
    assertThat(blocks.findValuesAsText("value")).contains("v1.x");
  }

  @Test
  void aRatingKeepsTheArchiveStateTheMessageShowed() throws Exception {
    JsonNode archived = MAPPER.readTree("{\"blocks\":" + BLOCKS.formatted(TriageButtons.UNARCHIVE) + "}");
    JsonNode rated = read(replies.replacement(archived, TriageAction.USEFUL, "U0ALLOWED1", AT, FINDING, "v1.x"));
    assertThat(actionIds(rated.path("blocks"))).contains(TriageButtons.UNARCHIVE)
        .doesNotContain(TriageButtons.ARCHIVE);
    JsonNode open = MAPPER.readTree("{\"blocks\":" + BLOCKS.formatted(TriageButtons.ARCHIVE) + "}");
    JsonNode ratedOpen = read(replies.replacement(open, TriageAction.USEFUL, "U0ALLOWED1", AT, FINDING, "v1.x"));
    assertThat(actionIds(ratedOpen.path("blocks"))).contains(TriageButtons.ARCHIVE)
        .doesNotContain(TriageButtons.UNARCHIVE);
  }

  @Test
  void aMessageInAttachmentsKeepsItsColourAndGetsTheLinesInItsLastAttachment() throws Exception {
    JsonNode message = MAPPER.readTree("{\"text\":\"t\",\"attachments\":[{\"color\":\"#E01E5A\",\"fallback\":\"f\","
        + "\"blocks\":" + BLOCKS.formatted(TriageButtons.ARCHIVE) + "},{\"color\":\"#ECB22E\",\"blocks\":[]}]}");
    JsonNode reply = read(replies.replacement(message, TriageAction.UNARCHIVE, "U0ALLOWED1", AT, FINDING, "v"));
    JsonNode attachments = reply.path("attachments");
    assertThat(attachments).hasSize(2);
    assertThat(attachments.get(0).path("color").asText()).isEqualTo("#E01E5A");
    assertThat(attachments.get(0).path("fallback").asText()).isEqualTo("f");
    assertThat(attachments.get(0).path("blocks")).hasSize(1);
    assertThat(attachments.get(1).path("blocks")).hasSize(2);
    assertThat(reply.has("blocks")).isFalse();
    assertThat(actionIds(attachments.get(1))).contains(TriageButtons.ARCHIVE);
  }

  /**
   * A finding's link to its attack sequence stays after a click, but only in the exact form this project makes it:
   * the link comes back in Slack's payload, which anyone holding a webhook could have written.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b|true",
      "https://attacker.example/guardduty/home?region=eu-west-1#/findings?macros=current&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b|false",
      "https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b|false",
      "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=5c6d7e8f|false",
      "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1&x=https://attacker.example#/findings?macros=current&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b|false",
      "javascript:alert(1)//&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b|false"})
  void theLinkToTheAttackSequenceIsKeptOnlyAsThisProjectMakesIt(String url, boolean kept) throws Exception {
    JsonNode message = MAPPER.readTree("{\"text\":\"t\",\"blocks\":[{\"type\":\"actions\",\"elements\":["
        + "{\"type\":\"button\",\"action_id\":\"open_console\",\"url\":\"u\"},"
        + "{\"type\":\"button\",\"action_id\":\"open_sequence\",\"url\":" + MAPPER.writeValueAsString(url) + "},"
        + "{\"type\":\"button\",\"action_id\":\"archive\",\"value\":\"v\"}]}]}");
    JsonNode reply = read(replies.replacement(message, TriageAction.ARCHIVE, "U0ALLOWED1", AT, FINDING, "v"));
    JsonNode buttons = reply.path("blocks").get(reply.path("blocks").size() - 1).path("elements");
    if (kept) {
      assertThat(actionIds(buttons)).containsExactly(TriageButtons.OPEN, TriageButtons.OPEN_SEQUENCE,
          TriageButtons.UNARCHIVE, TriageButtons.USEFUL, TriageButtons.NOT_USEFUL);
      assertThat(buttons.get(1).path("url").asText()).isEqualTo(url);
    } else {
      assertThat(actionIds(buttons)).doesNotContain(TriageButtons.OPEN_SEQUENCE);
      assertThat(reply.toString()).doesNotContain("attacker.example", "javascript", "us-east-1");
    }
  }

  @Test
  void anEphemeralAnswerLeavesTheMessageAsItIs() throws Exception {
    JsonNode reply = read(replies.ephemeral(Mrkdwn.line("this button was not made by this integration", 80)));
    assertThat(reply.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(reply.path("replace_original").asBoolean(true)).isFalse();
    assertThat(reply.path("text").asText()).isEqualTo("this button was not made by this integration");
  }
}
