package dev.guarddutyslack.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.slack.SlackMessage;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a finding's message says of a change made in the GuardDuty console (or by any other caller): a line in
 * the message's context, "*Archived in the GuardDuty console* by `arn:…/alice` at 2026-11-20 10:14:00 UTC",
 * which replaces the line of an earlier change; and the same words as a reply in the message's thread.
 */
public final class ConsoleChanges {
  /** The line this class writes, and no finding text can (a finding's text never makes a bold span). */
  private static final Pattern LINE = Pattern.compile(
      "^\\*((Archived|Unarchived|Marked useful|Marked not useful) in the GuardDuty console|Moved to)\\*.*",
      Pattern.DOTALL);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConsoleChanges() {}

  /** The line that says what was done, by whom and when. */
  public static Mrkdwn line(ConsoleChange change) {
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
      case ConsoleChange.ARCHIVED -> Mrkdwn.ours(" archived in the console");
      case ConsoleChange.UNARCHIVED -> Mrkdwn.ours(" unarchived in the console");
      case ConsoleChange.USEFUL -> Mrkdwn.ours(" marked useful in the console");
      default -> Mrkdwn.ours(" marked not useful in the console");
    };
    return SlackMessage.of(Mrkdwn.ours("GuardDuty finding ").plus(Mrkdwn.code(findingId, 64)).plus(done),
        Severity.LOW.colour(),
        List.of(Block.section(line(change))));
  }

  /**
   * The remembered message with the change's line in its context (the line of an earlier change replaced), as a
   * body for {@code chat.update}; empty when the message is not one this project wrote.
   */
  public static Optional<ObjectNode> edited(JsonNode remembered, ConsoleChange change) {
    return edited(remembered, line(change));
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
