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
  private EventParser() {}

  public static ParsedEvent parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      return new ParsedEvent.Unreadable("the event is not a JSON object");
    }
    if (!event.path("detail-type").isTextual() || !event.path("source").isTextual()) {
      return new ParsedEvent.Unreadable("a JSON object that is not an EventBridge event (it has no detail-type"
          + " and source)");
    }
    EventBridgeEvent<JsonNode> envelope = EventBridgeEvent.from(event);
    if (ScanResult.is(envelope) && envelope.detail() != null && envelope.detail().isObject()) {
      return new ParsedEvent.ScanResultEvent(new EventBridgeEvent<>(envelope.id(), envelope.detailType(),
          envelope.source(), envelope.account(), envelope.time(), envelope.region(), ScanResult.asFinding(envelope)),
          ScanResult.status(envelope.detail()));
    }
    if (ConsoleChange.is(envelope)) {
      return ConsoleChange.of(envelope).<ParsedEvent>map(ParsedEvent.ConsoleChangeEvent::new)
          .orElseGet(() -> new ParsedEvent.NotAFinding(envelope.detailType(), envelope.source()));
    }
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
