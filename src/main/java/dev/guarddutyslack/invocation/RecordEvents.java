package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.buttons.ClickNotice;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.storm.DigestTrigger;
import dev.guarddutyslack.storm.SingleTurn;

/**
 * What one record's JSON object is: one of the project's own messages (a digest trigger, a single message's turn,
 * or the triage function's notice of a click), or an EventBridge event.
 */
final class RecordEvents {
  private RecordEvents() {}

  static ParsedEvent parse(JsonNode event) {
    if (ClickNotice.is(event)) {
      return ClickNotice.read(event);
    }
    if (SingleTurn.is(event)) {
      return SingleTurn.read(event);
    }
    return DigestTrigger.is(event) ? DigestTrigger.read(event) : EventParser.parse(event);
  }
}
