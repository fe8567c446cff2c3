package dev.guarddutyslack.triage;

import dev.guarddutyslack.aws.GuardDuty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The actions through GuardDuty's API; an account's detector in a region is asked once and remembered. */
public final class GuardDutyActions implements FindingActions {
  private final GuardDuty guardDuty;
  private final Map<String, List<String>> detectors = new ConcurrentHashMap<>();

  public GuardDutyActions(GuardDuty guardDuty) {
    this.guardDuty = guardDuty;
  }

  @Override
  public void act(TriageAction action, String region, String detectorId, String findingId, Duration timeLeft) {
    switch (action) {
      case ARCHIVE -> guardDuty.archive(region, detectorId, findingId, timeLeft);
      case UNARCHIVE -> guardDuty.unarchive(region, detectorId, findingId, timeLeft);
      case USEFUL -> guardDuty.feedback(region, detectorId, findingId, GuardDuty.Feedback.USEFUL, timeLeft);
      case NOT_USEFUL -> guardDuty.feedback(region, detectorId, findingId, GuardDuty.Feedback.NOT_USEFUL, timeLeft);
    }
  }

  @Override
  public List<String> detectors(String region, Duration timeLeft) {
    List<String> known = detectors.get(region);
    if (known != null) {
      return known;
    }
    List<String> ids = List.copyOf(guardDuty.detectors(region, timeLeft));
    if (!ids.isEmpty()) {
      detectors.put(region, ids);
    }
    return ids;
  }
}
