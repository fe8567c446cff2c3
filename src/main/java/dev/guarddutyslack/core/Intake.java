package dev.guarddutyslack.core;

import dev.guarddutyslack.guardduty.ScanResult;
import java.util.Set;

/**
 * What the notifier takes in to post: findings from {@code minSeverity} up ({@code MIN_SEVERITY}), and Malware
 * Protection for S3 scan results whose status is one of {@code scanResultStatuses} ({@code SCAN_RESULT_STATUSES};
 * {@code MIN_SEVERITY} does not apply to them, routing does).
 */
public record Intake(double minSeverity, Set<String> scanResultStatuses) {
  /** The statuses a scan result can have. */
  public static final Set<String> STATUSES = Set.of(ScanResult.THREATS_FOUND, "NO_THREATS_FOUND", "UNSUPPORTED",
      "ACCESS_DENIED", "FAILED");
  /** What is posted of the scan results that arrive, unless set: those that found malware. */
  public static final Set<String> DEFAULT_STATUSES = Set.of(ScanResult.THREATS_FOUND);

  public Intake {
    scanResultStatuses = Set.copyOf(scanResultStatuses);
  }
}
