package dev.guarddutyslack.storm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import java.util.Optional;

/**
 * The function's own message to its queue, sent delayed until a single message's turn: a finding the storm guard
 * let through singly to a destination whose channel is busy (its turn at Slack's pace more than
 * {@link StormGuard#PATIENCE} away) is posted then, by whichever copy takes it, instead of holding up a copy (and
 * the findings behind it) until then. It was counted in its window already and is not counted again. Written and
 * read here; docs/storms.md documents its shape:
 * <pre>{"guardduty-slack":"single","destination":"HIGH","windowStart":"2026-11-29T10:05:00Z","windowMinutes":5,
 * "account":"111122223333","region":"eu-west-1","detail":{…the finding…}}</pre>
 */
public final class SingleTurn {
  /** The marker field's value; a digest trigger's is {@code digest}. */
  public static final String KIND = "single";

  private SingleTurn() {}

  /** The message that posts {@code finding} to the window's destination at its turn. */
  public static String write(JsonFactory json, Window window, Finding finding) {
    return JsonWriting.text(json, g -> {
      g.writeStringField(DigestTrigger.MARKER, KIND);
      g.writeStringField("destination", window.destination());
      g.writeStringField("windowStart", window.start().toString());
      g.writeNumberField("windowMinutes", window.minutes());
      g.writeStringField("account", finding.accountId());
      g.writeStringField("region", finding.region());
      g.writeFieldName("detail");
      JsonTree.write(g, finding.detail());
    });
  }

  /** Whether the object is meant as one (well formed or not). */
  public static boolean is(JsonNode event) {
    return event != null && KIND.equals(event.path(DigestTrigger.MARKER).asText());
  }

  /** A short name for it, where it has no id of its own ({@code single HIGH d60c8da4…}). */
  public static String name(JsonNode event) {
    return KIND + " " + event.path("destination").asText() + " " + event.path("detail").path("id").asText();
  }

  /**
   * Reads one ({@link #is} holds): the finding due now, or unreadable when it is not of the documented shape.
   * Never throws.
   */
  public static ParsedEvent read(JsonNode event) {
    Optional<Window> window = DigestTrigger.window(event);
    JsonNode detail = event.path("detail");
    if (window.isEmpty() || !detail.isObject() || !event.path("account").isTextual()
        || !event.path("region").isTextual()) {
      return new ParsedEvent.Unreadable("a single message's turn that is not {\"guardduty-slack\":\"single\","
          + "\"destination\":<NAME>,\"windowStart\",\"windowMinutes\",\"account\",\"region\",\"detail\":{the finding}}");
    }
    return new ParsedEvent.SingleDue(Finding.of(detail, event.path("account").asText(),
        event.path("region").asText()), window.get().destination(), window.get().start(), window.get().length());
  }

}
