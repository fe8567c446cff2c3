package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one EventBridge event (already parsed as JSON) into what it is: a finding, not a finding, or
 * unreadable. An object without EventBridge's {@code detail-type} and {@code source} is no event at all and
 * unreadable (so it fails, and reaches the dead-letter queue where an operator sees it), never a skip. Never
 * throws, for any JSON value.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html">GuardDuty findings in EventBridge</a>
 */
public final class EventParser {
  /** The field that marks the function's own digest trigger ({@code "guardduty-slack": "digest"}). */
  public static final String DIGEST_MARKER = "guardduty-slack";
  private static final java.util.regex.Pattern DESTINATION = java.util.regex.Pattern.compile("[A-Z0-9_]{1,40}");

  private EventParser() {}

  /**
   * {@code {"guardduty-slack":"digest","destination":"HIGH","windowStart":"2026-11-29T10:05:00Z","windowMinutes":5}}:
   * the README documents this shape, so that an operator can send one by hand.
   */
  private static ParsedEvent digestDue(JsonNode event) {
    String destination = event.path("destination").asText("");
    long minutes = event.path("windowMinutes").canConvertToLong() ? event.path("windowMinutes").asLong() : -1;
    java.time.Instant start;
    try {
      start = java.time.Instant.parse(event.path("windowStart").asText(""));
    } catch (java.time.format.DateTimeParseException e) {
      start = null;
    }
    if (!"digest".equals(event.path(DIGEST_MARKER).asText()) || !DESTINATION.matcher(destination).matches()
        || minutes < 1 || minutes > 1440 || !event.path("windowMinutes").isIntegralNumber() || start == null
        || start.getEpochSecond() % (minutes * 60) != 0 || start.getNano() != 0) {
      return new ParsedEvent.Unreadable("a digest trigger that is not {\"guardduty-slack\":\"digest\","
          + "\"destination\":<NAME>,\"windowStart\":<the window's start, ISO-8601 UTC>,\"windowMinutes\":<1 to 1440>}");
    }
    return new ParsedEvent.DigestDue(destination, start, java.time.Duration.ofMinutes(minutes));
  }

  public static ParsedEvent parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      return new ParsedEvent.Unreadable("the event is not a JSON object");
    }
    if (event.has(DIGEST_MARKER)) {
      return digestDue(event);
    }
    if (!event.path("detail-type").isTextual() || !event.path("source").isTextual()) {
      return new ParsedEvent.Unreadable("a JSON object that is not an EventBridge event (it has no detail-type"
          + " and source)");
    }
    EventBridgeEvent<JsonNode> envelope = EventBridgeEvent.from(event);
    if (!envelope.isFinding()) {
      return new ParsedEvent.NotAFinding(envelope.detailType(), envelope.source());
    }
    if (envelope.detail() == null || !envelope.detail().isObject()) {
      return new ParsedEvent.Unreadable("the event has no detail object");
    }
    Finding finding = Finding.of(envelope.detail(), envelope.account(), envelope.region());
    return new ParsedEvent.FindingEvent(new EventBridgeEvent<>(envelope.id(), envelope.detailType(),
        envelope.source(), envelope.account(), envelope.time(), envelope.region(), finding));
  }
}
