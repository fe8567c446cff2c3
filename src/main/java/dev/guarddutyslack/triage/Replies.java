package dev.guarddutyslack.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.format.TriageButtons;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Mention;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.slack.Mrkdwn;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What triage sends through a {@code response_url}: the clicked message replaced, or an ephemeral line.
 *
 * <p>The replacement is the message as Slack shows it (our own blocks, which Slack sends back in the click's
 * payload), with its buttons taken out, and then a context line naming who did what and when
 * ("Archived by @user at 10:14 UTC", the user from Slack's payload as a mention, never free text) and the
 * buttons that make sense now: Unarchive once archived, Archive again once unarchived, and the link to the
 * attack sequence the finding is part of when the message had one.
 */
final class Replies {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private final JsonFactory json;

  Replies(JsonFactory json) {
    this.json = json;
  }

  /**
   * The replacement message after {@code action} by {@code userId} (a checked Slack user id) at {@code at}.
   *
   * @param ref the finding acted on, as the button's verified value names it
   * @param value that value, which the new buttons carry too
   */
  byte[] replacement(JsonNode message, TriageAction action, String userId, Instant at, FindingRef ref,
                     String value) {
    boolean archived = switch (action) {
      case ARCHIVE -> true;
      case UNARCHIVE -> false;
      default -> showsUnarchive(message);
    };
    Block done = Block.context(List.of(Mrkdwn.line(action.done(), 40).plus(Mrkdwn.ours(" by "))
        .plus(Mention.parse("user:" + userId).mrkdwn()).plus(Mrkdwn.ours(" at "))
        .plus(Mrkdwn.line(TIME.format(at), 5)).plus(Mrkdwn.ours(" UTC \u00B7 finding "))
        .plus(Mrkdwn.code(ref.shortId(), 10)).plus(Mrkdwn.ours("\u2026"))));
    List<Block.Button> kept = TriageButtons.buttons(TriageButtons.consoleUrl(ref), Optional.of(ref),
        Optional.of(value), archived);
    sequenceLink(message).flatMap(url -> TriageButtons.sequenceButton(ref, url))
        .ifPresent(b -> kept.add(Math.min(1, kept.size()), b));
    Block buttons = Block.actions(kept);
    return JsonWriting.bytes(json, g -> {
      g.writeBooleanField("replace_original", true);
      g.writeStringField("text", message.path("text").asText(""));
      if (message.path("attachments").isArray() && !message.path("attachments").isEmpty()) {
        g.writeArrayFieldStart("attachments");
        JsonNode attachments = message.path("attachments");
        for (int i = 0; i < attachments.size(); i++) {
          JsonNode attachment = attachments.get(i);
          g.writeStartObject();
          for (String field : List.of("color", "fallback")) {
            if (attachment.path(field).isTextual()) {
              g.writeStringField(field, attachment.path(field).asText());
            }
          }
          blocks(g, attachment.path("blocks"), i == attachments.size() - 1 ? List.of(done, buttons) : List.of());
          g.writeEndObject();
        }
        g.writeEndArray();
      } else {
        blocks(g, message.path("blocks"), List.of(done, buttons));
      }
      g.writeBooleanField("unfurl_links", false);
      g.writeBooleanField("unfurl_media", false);
    });
  }

  /** An answer only the responder sees; the message stays as it is. */
  byte[] ephemeral(Mrkdwn text) {
    return JsonWriting.bytes(json, g -> {
      g.writeStringField("response_type", "ephemeral");
      g.writeBooleanField("replace_original", false);
      g.writeStringField("text", text.toString());
    });
  }

  /** The blocks kept (all but buttons), then {@code added}. */
  private static void blocks(JsonGenerator g, JsonNode blocks, List<Block> added) throws IOException {
    g.writeArrayFieldStart("blocks");
    for (JsonNode block : blocks) {
      if (!"actions".equals(block.path("type").asText())) {
        JsonTree.write(g, block);
      }
    }
    for (Block block : added) {
      MessageWriter.block(g, block);
    }
    g.writeEndArray();
  }

  /** The link of the message's "Open attack sequence" button, as Slack sent it back (checked by the caller). */
  private static Optional<String> sequenceLink(JsonNode message) {
    return message.findParents("action_id").stream()
        .filter(b -> TriageButtons.OPEN_SEQUENCE.equals(b.path("action_id").asText()) && b.path("url").isTextual())
        .map(b -> b.path("url").asText()).findFirst();
  }

  private static boolean showsUnarchive(JsonNode message) {
    return message.toString().contains("\"action_id\":\"" + TriageButtons.UNARCHIVE + "\"");
  }
}
