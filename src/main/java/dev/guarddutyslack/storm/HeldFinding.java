package dev.guarddutyslack.storm;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;

/**
 * What a digest shows of a finding it holds back, as the finding said it (the formatter escapes it): enough to
 * count it by band, type, account and region, rank it by severity, and link to it in the console.
 */
public record HeldFinding(String id, String type, String title, String accountId, String region, String partition,
                          double severity) {

  public static HeldFinding of(Finding finding) {
    return new HeldFinding(text(finding.id()), text(finding.type()), text(finding.title()), text(finding.accountId()),
        text(finding.region()), finding.partitionName(), finding.severity() == null ? 0 : finding.severity());
  }

  public Severity band() {
    return Severity.of(severity);
  }

  private static String text(String value) {
    if (value == null) {
      return "";
    }
    String trimmed = value.trim();
    // A digest shows a little of each finding; a long title is cut here, before it is stored.
    return trimmed.length() > 300 ? trimmed.substring(0, 300) : trimmed;
  }
}
