package dev.guarddutyslack.triage;

import java.time.Duration;
import java.util.List;

/** What triage asks GuardDuty to do with one finding, in the finding's own region. */
public interface FindingActions {
  /** @throws dev.guarddutyslack.aws.AwsException when GuardDuty refuses or cannot answer in time */
  void act(TriageAction action, String region, String detectorId, String findingId, Duration timeLeft);

  /** This account's detectors in {@code region}: whose id an administrator's call names for a member's finding. */
  List<String> detectors(String region, Duration timeLeft);
}
