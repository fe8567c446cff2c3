package dev.guarddutyslack.aws;

import dev.guarddutyslack.json.JsonWriting;
import java.time.Duration;

/**
 * GuardDuty, as triage uses it: archive, unarchive, and feedback on one finding, in the finding's own region.
 * GuardDuty's REST API: {@code POST /detector/{detectorId}/findings/archive} with {@code {"findingIds":[…]}},
 * {@code …/findings/unarchive}, and {@code …/findings/feedback} with {@code "feedback": "USEFUL"|"NOT_USEFUL"}.
 * The caller checks the ids' shapes; they go into the path as they are.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ArchiveFindings.html">ArchiveFindings</a>
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UnarchiveFindings.html">UnarchiveFindings</a>
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateFindingsFeedback.html">UpdateFindingsFeedback</a>
 */
public final class GuardDuty {
  /** What a responder may tell GuardDuty about a finding. */
  public enum Feedback { USEFUL, NOT_USEFUL }

  private final AwsJsonClient client;

  public GuardDuty(AwsJsonClient client) {
    this.client = client;
  }

  /** @throws AwsException when GuardDuty refuses or cannot answer */
  public void archive(String region, String detectorId, String findingId, Duration timeLeft) {
    client.rest(region, "/detector/" + detectorId + "/findings/archive", findingIds(findingId, null), timeLeft);
  }

  /** @throws AwsException when GuardDuty refuses or cannot answer */
  public void unarchive(String region, String detectorId, String findingId, Duration timeLeft) {
    client.rest(region, "/detector/" + detectorId + "/findings/unarchive", findingIds(findingId, null), timeLeft);
  }

  /** @throws AwsException when GuardDuty refuses or cannot answer */
  public void feedback(String region, String detectorId, String findingId, Feedback feedback, Duration timeLeft) {
    client.rest(region, "/detector/" + detectorId + "/findings/feedback", findingIds(findingId, feedback), timeLeft);
  }

  /**
   * The detectors of this account in {@code region} (at most one); GuardDuty's {@code ListDetectors},
   * {@code GET /detector}.
   *
   * @throws AwsException when GuardDuty refuses or cannot answer
   */
  public java.util.List<String> detectors(String region, Duration timeLeft) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    client.rest(region, software.amazon.awssdk.http.SdkHttpMethod.GET, "/detector", new byte[0], timeLeft)
        .path("detectorIds").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private byte[] findingIds(String findingId, Feedback feedback) {
    return JsonWriting.bytes(client.json(), g -> {
      g.writeArrayFieldStart("findingIds");
      g.writeString(findingId);
      g.writeEndArray();
      if (feedback != null) {
        g.writeStringField("feedback", feedback.name());
      }
    });
  }
}
