package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
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

  public boolean isFinding() {
    return FINDING_DETAIL_TYPE.equals(detailType);
  }
}
