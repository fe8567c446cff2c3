package dev.guarddutyslack.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.Mention;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.slack.SlackMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a finding's message says of a change made in the GuardDuty console (or by any other caller): a line in
 * the message's context, "*Archived in the GuardDuty console* by `arn:…/alice` at 2026-11-20 10:14:00 UTC",
 * which replaces the line of an earlier change; and the same words as a reply in the message's thread. A change
 * made by a triage click reads "*Archived in Slack* by @alice at …", the user a mention made from a checked id.
 * An archive or unarchive also turns the message's Archive button into Unarchive, or back.
 */
public final class ConsoleChanges {
  /** The line this class writes, and no finding text can (a finding's text never makes a bold span). */
  private static final Pattern LINE = Pattern.compile(
      "^\\*((Archived|Unarchived|Marked useful|Marked not useful) in (the GuardDuty console|Slack)|Moved to)\\*.*",
      Pattern.DOTALL);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonFactory JSON = new JsonFactory();

  private ConsoleChanges() {}

  /** The line that says what was done, by whom and when. */
  public static Mrkdwn line(ConsoleChange change) {
    if (change.madeInSlack()) {
      Mrkdwn line = switch (change.action()) {
        case ConsoleChange.ARCHIVED -> Mrkdwn.ours("*Archived in Slack*");
        case ConsoleChange.UNARCHIVED -> Mrkdwn.ours("*Unarchived in Slack*");
        case ConsoleChange.USEFUL -> Mrkdwn.ours("*Marked useful in Slack*");
        default -> Mrkdwn.ours("*Marked not useful in Slack*");
      };
      return line.plus(Mrkdwn.ours(" by ")).plus(Mention.parse("user:" + change.slackUser()).mrkdwn())
          .plus(Mrkdwn.ours(" at ")).plus(Mrkdwn.line(Timestamps.display(change.at()), Details.SHORT));
    }
    Mrkdwn line = switch (change.action()) {
      case ConsoleChange.ARCHIVED -> Mrkdwn.ours("*Archived in the GuardDuty console*");
      case ConsoleChange.UNARCHIVED -> Mrkdwn.ours("*Unarchived in the GuardDuty console*");
      case ConsoleChange.USEFUL -> Mrkdwn.ours("*Marked useful in the GuardDuty console*");
      default -> Mrkdwn.ours("*Marked not useful in the GuardDuty console*");
    };
    if (change.by() != null) {
      line = line.plus(Mrkdwn.ours(" by ")).plus(Mrkdwn.code(change.by(), Details.NAME * 2));
    }
    if (change.at() != null) {
      line = line.plus(Mrkdwn.ours(" at ")).plus(Mrkdwn.line(Timestamps.display(change.at()), Details.SHORT));
    }
    return line;
  }

  /** The reply in the finding's thread. */
  public static SlackMessage reply(ConsoleChange change, String findingId) {
    Mrkdwn done = switch (change.action()) {
      case ConsoleChange.ARCHIVED -> Mrkdwn.ours(" archived");
      case ConsoleChange.UNARCHIVED -> Mrkdwn.ours(" unarchived");
      case ConsoleChange.USEFUL -> Mrkdwn.ours(" marked useful");
      default -> Mrkdwn.ours(" marked not useful");
    };
    done = done.plus(change.madeInSlack() ? Mrkdwn.ours(" in Slack") : Mrkdwn.ours(" in the console"));
    return SlackMessage.of(Mrkdwn.ours("GuardDuty finding ").plus(Mrkdwn.code(findingId, 64)).plus(done),
        Severity.LOW.colour(),
        List.of(Block.section(line(change))));
  }

  /**
   * The remembered message with the change's line in its context (the line of an earlier change replaced), as a
   * body for {@code chat.update}; empty when the message is not one this project wrote.
   */
  public static Optional<ObjectNode> edited(JsonNode remembered, ConsoleChange change) {
    Optional<ObjectNode> edited = edited(remembered, line(change));
    if (change.action().equals(ConsoleChange.ARCHIVED) || change.action().equals(ConsoleChange.UNARCHIVED)) {
      edited.ifPresent(m -> archiveButton(m, change.action().equals(ConsoleChange.ARCHIVED)));
    }
    return edited;
  }

  /**
   * Turns the message's Archive button into Unarchive ({@code archived}), or back; the button's value (the
   * finding, bound by its MAC) stays. A message without triage buttons has nothing to turn.
   */
  private static void archiveButton(ObjectNode message, boolean archived) {
    for (JsonNode block : message.path("attachments").path(0).path("blocks")) {
      if (!"actions".equals(block.path("type").asText()) || !block.path("elements").isArray()) {
        continue;
      }
      ArrayNode elements = (ArrayNode) block.path("elements");
      for (int i = 0; i < elements.size(); i++) {
        String id = elements.get(i).path("action_id").asText();
        if ((archived && id.equals(TriageButtons.ARCHIVE)) || (!archived && id.equals(TriageButtons.UNARCHIVE))) {
          String value = elements.get(i).path("value").asText("");
          Optional<FindingRef> ref = ButtonValue.named(value);
          if (ref.isPresent()) {
            elements.set(i, tree(TriageButtons.buttons(Optional.empty(), ref, Optional.of(value), archived).get(0)));
          }
          return;
        }
      }
    }
  }

  /**
   * Whether the remembered message shows this very change already (its line, word for word): a retry of an event
   * that edited some messages before it failed on another leaves those as they are, and replies no second time.
   */
  public static boolean shows(JsonNode remembered, ConsoleChange change) {
    String line = line(change).toString();
    for (JsonNode block : remembered.path("attachments").path(0).path("blocks")) {
      if ("context".equals(block.path("type").asText())) {
        for (JsonNode element : block.path("elements")) {
          if (line.equals(element.path("text").asText())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A button as the message writer writes it, as a JSON tree. */
  private static JsonNode tree(Block.Button button) {
    StringWriter out = new StringWriter();
    try {
      try (JsonGenerator g = JSON.createGenerator(out)) {
        MessageWriter.block(g, Block.actions(List.of(button)));
      }
      return JsonTree.read(JSON, out.toString()).path("elements").get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("a button could not be written", e);
    }
  }

  /**
   * The line left in a finding's old message when a rise moves the finding to another destination: "*Moved to*
   * `ONCALL` as CRITICAL 9.5, and followed there from now on".
   */
  public static Mrkdwn moved(String destination, Severity band, Double severity) {
    return Mrkdwn.ours("*Moved to* ").plus(Mrkdwn.code(destination, 40)).plus(Mrkdwn.ours(" as "))
        .plus(Mrkdwn.line(band.name(), 10)).plus(severity == null ? Mrkdwn.EMPTY
            : Mrkdwn.ours(" ").plus(Mrkdwn.line(String.valueOf(severity), 10)))
        .plus(Mrkdwn.ours(", and followed there from now on"));
  }

  /** A reply that says {@code line} in a finding's thread. */
  public static SlackMessage reply(Mrkdwn summary, Mrkdwn line) {
    return SlackMessage.of(summary, Severity.LOW.colour(), List.of(Block.section(line)));
  }

  /**
   * The remembered message with {@code line} in its context (a line this class wrote before replaced), as a body for
   * {@code chat.update}; empty when the message is not one this project wrote.
   */
  public static Optional<ObjectNode> edited(JsonNode remembered, Mrkdwn line) {
    if (remembered == null || !remembered.isObject() || !remembered.path("attachments").isArray()
        || remembered.path("attachments").isEmpty()) {
      return Optional.empty();
    }
    ObjectNode message = (ObjectNode) remembered.deepCopy();
    JsonNode attachment = message.path("attachments").get(0);
    if (!attachment.path("blocks").isArray()) {
      return Optional.empty();
    }
    ArrayNode blocks = (ArrayNode) attachment.path("blocks");
    ObjectNode element = NODES.objectNode().put("type", "mrkdwn").put("text", line.toString())
        .put("verbatim", true);
    for (JsonNode block : blocks) {
      if ("context".equals(block.path("type").asText()) && block.path("elements").isArray()) {
        ArrayNode elements = (ArrayNode) block.path("elements");
        for (int i = elements.size() - 1; i >= 0; i--) {
          if (LINE.matcher(elements.get(i).path("text").asText()).matches()) {
            elements.remove(i);
          }
        }
        if (elements.size() < Limits.CONTEXT_ELEMENTS) {
          elements.add(element);
          return Optional.of(message);
        }
      }
    }
    if (blocks.size() >= Limits.MAX_BLOCKS) {
      return Optional.empty();
    }
    ObjectNode context = NODES.objectNode().put("type", "context");
    context.putArray("elements").add(element);
    int at = blocks.size() > 0 && "actions".equals(blocks.get(blocks.size() - 1).path("type").asText())
        ? blocks.size() - 1 : blocks.size();
    blocks.insert(at, context);
    return Optional.of(message);
  }
}
