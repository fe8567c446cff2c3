package dev.guarddutyslack.format;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.slack.Limits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the link to a finding in the GuardDuty console of the finding's own partition. Region and id come
 * from the finding, so they are checked against their known shapes before they go into a URL.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings.html">GuardDuty findings</a>
 */
public final class ConsoleLinks {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private ConsoleLinks() {}

  /** The console URL, or empty when the region is not a region name or the finding has no id. */
  public static Optional<String> findingUrl(Finding finding) {
    String region = finding.region() == null ? "" : finding.region().trim();
    String id = finding.id() == null ? "" : finding.id().trim();
    if (!REGION.matcher(region).matches() || id.isEmpty()) {
      return Optional.empty();
    }
    String host = switch (finding.partitionName()) {
      case "aws-cn" -> region + ".console.amazonaws.cn";
      case "aws-us-gov" -> "console.amazonaws-us-gov.com";
      default -> region + ".console.aws.amazon.com";
    };
    String url = "https://" + host + "/guardduty/home?region=" + region
        + "#/findings?macros=current&fId=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    return url.length() <= Limits.BUTTON_URL ? Optional.of(url) : Optional.empty();
  }
}
