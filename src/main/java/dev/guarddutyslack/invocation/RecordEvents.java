package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.storm.DigestTrigger;

/** What one record's JSON object is: the function's own digest trigger, or an EventBridge event. */
final class RecordEvents {
  private RecordEvents() {}

  static ParsedEvent parse(JsonNode event) {
    return DigestTrigger.is(event) ? DigestTrigger.read(event) : EventParser.parse(event);
  }
}
