package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * A GuardDuty finding as EventBridge delivers it in {@code detail}. Only what the message shows is typed;
 * everything else is ignored, and every field may be absent.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html">Finding</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Finding(
    String schemaVersion,
    String accountId,
    String region,
    String partition,
    String id,
    String arn,
    String type,
    Double severity,
    Double confidence,
    String title,
    String description,
    String createdAt,
    String updatedAt,
    Resource resource,
    Service service,
    String associatedAttackSequenceArn) {

  public Resource resourceOrEmpty() {
    return resource == null ? Resource.EMPTY : resource;
  }

  public Service serviceOrEmpty() {
    return service == null ? Service.EMPTY : service;
  }

  /** The band, or empty for a finding without a usable severity. */
  public Optional<Severity> band() {
    return severity == null || severity.isNaN() ? Optional.empty() : Optional.of(Severity.of(severity));
  }

  /** Findings from "Generate sample findings" carry {@code service.additionalInfo.sample: true}. */
  public boolean isSample() {
    JsonNode info = serviceOrEmpty().additionalInfo();
    if (info == null) {
      return false;
    }
    JsonNode sample = info.get("sample");
    return sample != null && (sample.asBoolean(false) || "true".equalsIgnoreCase(sample.asText()));
  }

  /** The AWS partition: stated, else from the ARN, else from the region name. */
  public String partitionName() {
    if (partition != null && !partition.isBlank()) {
      return partition.trim().toLowerCase(Locale.ROOT);
    }
    if (arn != null && arn.startsWith("arn:")) {
      int end = arn.indexOf(':', 4);
      if (end > 4) {
        return arn.substring(4, end).toLowerCase(Locale.ROOT);
      }
    }
    String r = region == null ? "" : region;
    if (r.startsWith("cn-")) {
      return "aws-cn";
    }
    if (r.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }
}
