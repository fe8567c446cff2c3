package dev.guarddutyslack.storm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

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
  private static final Pattern DESTINATION = Pattern.compile("[A-Z0-9_]{1,40}");

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
    String destination = event.path("destination").asText("");
    long minutes = event.path("windowMinutes").isIntegralNumber() ? event.path("windowMinutes").asLong() : -1;
    Instant start;
    try {
      start = Instant.parse(event.path("windowStart").asText(""));
    } catch (DateTimeParseException e) {
      start = null;
    }
    JsonNode detail = event.path("detail");
    if (!DESTINATION.matcher(destination).matches() || minutes < 1 || minutes > 1440 || start == null
        || start.getEpochSecond() % (minutes * 60) != 0 || start.getNano() != 0 || !detail.isObject()
        || !event.path("account").isTextual() || !event.path("region").isTextual()) {
      return new ParsedEvent.Unreadable("a single message's turn that is not {\"guardduty-slack\":\"single\","
          + "\"destination\":<NAME>,\"windowStart\",\"windowMinutes\",\"account\",\"region\",\"detail\":{the finding}}");
    }
    return new ParsedEvent.SingleDue(Finding.of(detail, event.path("account").asText(),
        event.path("region").asText()), destination, start, Duration.ofMinutes(minutes));
  }
}
