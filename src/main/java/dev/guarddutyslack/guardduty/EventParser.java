package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads one EventBridge event (already parsed as JSON) into what it is: a finding, not a finding, or
 * unreadable. Never throws for any JSON object; the project's lenient mapper ({@link Json}) reads the
 * finding itself.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html">GuardDuty findings in EventBridge</a>
 */
public final class EventParser {
  private final ObjectMapper mapper;

  public EventParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ParsedEvent parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      return new ParsedEvent.Unreadable("the event is not a JSON object");
    }
    EventBridgeEvent<JsonNode> envelope = EventBridgeEvent.from(event);
    if (!envelope.isFinding()) {
      return new ParsedEvent.NotAFinding(envelope.detailType(), envelope.source());
    }
    if (envelope.detail() == null || !envelope.detail().isObject()) {
      return new ParsedEvent.Unreadable("the event has no detail object");
    }
    try {
      return new ParsedEvent.FindingEvent(envelope, mapper.treeToValue(envelope.detail(), Finding.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new ParsedEvent.Unreadable(firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "the finding cannot be read";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "\u2026" : line;
  }
}
