package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The EventBridge envelope around a GuardDuty event, typed by its {@code detail}.
 *
 * @param account the account the event is from (GuardDuty's administrator account for member findings)
 * @param region the region the event was emitted in: where GuardDuty made the finding
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html">EventBridge event structure</a>
 */
public record EventBridgeEvent<T>(String id, String detailType, String source, String account, String time,
                                  String region, T detail) {

  /** The detail-type GuardDuty gives findings; its other events on {@code aws.guardduty} are not findings. */
  public static final String FINDING_DETAIL_TYPE = "GuardDuty Finding";
  /**
   * The only source whose findings are believed. Anyone who may send to the queue could otherwise forge a
   * finding; EventBridge sets {@code source} itself and does not let other senders use {@code aws.*}.
   */
  public static final String GUARDDUTY_SOURCE = "aws.guardduty";

  /**
   * Reads the envelope from a parsed event, leniently: a field of the wrong shape reads as absent, so that
   * any JSON object gives an envelope.
   */
  public static EventBridgeEvent<JsonNode> from(JsonNode event) {
    JsonNode detail = event.get("detail");
    return new EventBridgeEvent<>(text(event, "id"), text(event, "detail-type"), text(event, "source"),
        text(event, "account"), text(event, "time"), text(event, "region"),
        detail == null || detail.isNull() ? null : detail);
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.get(field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  /** A GuardDuty finding: its detail-type, from GuardDuty itself. */
  public boolean isFinding() {
    return FINDING_DETAIL_TYPE.equals(detailType) && GUARDDUTY_SOURCE.equals(source);
  }
}
