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
  /** S3's rules for a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private ConsoleLinks() {}

  /** The console URL, or empty when the region is not a region name or the finding has no id. */
  public static Optional<String> findingUrl(Finding finding) {
    return findingUrl(finding.region(), finding.id(), finding.partitionName());
  }

  /** The console URL of a finding given by its parts, checked as for {@link #findingUrl(Finding)}. */
  public static Optional<String> findingUrl(String region, String id, String partition) {
    String trimmedId = id == null ? "" : id.trim();
    if (trimmedId.isEmpty()) {
      return Optional.empty();
    }
    return findingsUrl(region, partition).map(list -> list + "&fId="
        + URLEncoder.encode(trimmedId, StandardCharsets.UTF_8)).filter(url -> url.length() <= Limits.BUTTON_URL);
  }

  /**
   * An S3 object in the S3 console (a scan result's object); empty unless the region is a region name and the
   * bucket a bucket name.
   */
  public static Optional<String> objectUrl(String region, String partition, String bucket, String key) {
    String r = region == null ? "" : region.trim();
    if (!REGION.matcher(r).matches() || bucket == null || !BUCKET.matcher(bucket).matches() || key == null) {
      return Optional.empty();
    }
    String host = switch (partition == null ? "aws" : partition) {
      case "aws-cn" -> "console.amazonaws.cn";
      case "aws-us-gov" -> "console.amazonaws-us-gov.com";
      default -> "s3.console.aws.amazon.com";
    };
    return Optional.of("https://" + host + "/s3/object/" + bucket + "?region=" + r + "&prefix="
        + URLEncoder.encode(key, StandardCharsets.UTF_8)).filter(url -> url.length() <= Limits.BUTTON_URL);
  }

  /** The console's list of current findings in a region, newest first; empty when it is not a region name. */
  public static Optional<String> findingsUrl(String region, String partition) {
    String trimmed = region == null ? "" : region.trim();
    if (!REGION.matcher(trimmed).matches()) {
      return Optional.empty();
    }
    String host = switch (partition == null ? "aws" : partition) {
      case "aws-cn" -> trimmed + ".console.amazonaws.cn";
      case "aws-us-gov" -> "console.amazonaws-us-gov.com";
      default -> trimmed + ".console.aws.amazon.com";
    };
    return Optional.of("https://" + host + "/guardduty/home?region=" + trimmed + "#/findings?macros=current");
  }
}
