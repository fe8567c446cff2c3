package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The EventBridge envelope around a GuardDuty event, typed by its {@code detail}.
 *
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html">EventBridge event structure</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventBridgeEvent<T>(
    String version,
    String id,
    @JsonProperty("detail-type") String detailType,
    String source,
    String account,
    String time,
    String region,
    List<String> resources,
    T detail) {

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
    List<String> resources = null;
    JsonNode list = event.get("resources");
    if (list != null && list.isArray()) {
      resources = new ArrayList<>();
      for (JsonNode item : list) {
        if (item.isValueNode() && !item.isNull()) {
          resources.add(item.asText());
        }
      }
    }
    return new EventBridgeEvent<>(text(event, "version"), text(event, "id"), text(event, "detail-type"),
        text(event, "source"), text(event, "account"), text(event, "time"), text(event, "region"), resources,
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
