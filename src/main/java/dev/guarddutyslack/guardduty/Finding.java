package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * A GuardDuty finding as EventBridge delivers it in {@code detail}: a lenient view of the event's tree
 * ({@link Node}), so that every field may be absent or of another shape than documented. Where the finding
 * leaves out its account or region, the event's own are used: EventBridge sets them to where GuardDuty made
 * the finding.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html">Finding</a>
 */
public final class Finding extends Node {
  private final String fallbackAccount;
  private final String fallbackRegion;

  private Finding(JsonNode detail, String fallbackAccount, String fallbackRegion) {
    super(detail);
    this.fallbackAccount = fallbackAccount;
    this.fallbackRegion = fallbackRegion;
  }

  /** A finding from its {@code detail} object alone. */
  public static Finding of(JsonNode detail) {
    return new Finding(detail, null, null);
  }

  /** A finding from its event: the envelope's account and region fill in for missing ones. */
  public static Finding of(JsonNode detail, String envelopeAccount, String envelopeRegion) {
    return new Finding(detail, envelopeAccount, envelopeRegion);
  }

  /** The finding as GuardDuty sent it (the event's {@code detail}), to hand on unchanged. */
  public JsonNode detail() {
    return json();
  }

  public String id() {
    return text("id");
  }

  public String type() {
    return text("type");
  }

  public String title() {
    return text("title");
  }

  public String description() {
    return text("description");
  }

  public String accountId() {
    String own = text("accountId");
    return own != null ? own : fallbackAccount;
  }

  public String region() {
    String own = text("region");
    return own != null ? own : fallbackRegion;
  }

  public String arn() {
    return text("arn");
  }

  public String updatedAt() {
    return text("updatedAt");
  }

  /** The type a scan result is given ({@code ScanResult:S3/THREATS_FOUND}); no GuardDuty finding type starts so. */
  public static final String SCAN_RESULT_TYPE_PREFIX = "ScanResult:S3/";

  /** Whether this is a Malware Protection for S3 scan result read as a finding (guardduty's ScanResult). */
  public boolean isScanResult() {
    String type = type();
    return type != null && type.startsWith(SCAN_RESULT_TYPE_PREFIX);
  }

  /**
   * The attack sequence this finding is part of ({@code associatedAttackSequenceArn}), when that is a GuardDuty
   * finding's ARN ({@link FindingArn}).
   */
  public Optional<FindingArn> attackSequence() {
    return FindingArn.parse(text("associatedAttackSequenceArn"));
  }

  /** The numeric severity, or null when the finding has none usable. */
  public Double severity() {
    return number("severity");
  }

  /** The band, or empty for a finding without a usable severity. */
  public Optional<Severity> band() {
    Double severity = severity();
    return severity == null ? Optional.empty() : Optional.of(Severity.of(severity));
  }

  public Node resource() {
    return node("resource");
  }

  public Node service() {
    return node("service");
  }

  /** How often GuardDuty saw the activity ({@code service.count}). */
  public Long count() {
    return service().integer("count");
  }

  /** Findings from "Generate sample findings" carry {@code service.additionalInfo.sample: true}. */
  public boolean isSample() {
    return Boolean.TRUE.equals(service().node("additionalInfo").bool("sample"));
  }

  /** The AWS partition: stated, else from the ARN, else from the region name. */
  public String partitionName() {
    String partition = text("partition");
    if (partition != null) {
      return partition.trim().toLowerCase(Locale.ROOT);
    }
    String arn = arn();
    if (arn != null && arn.startsWith("arn:")) {
      int end = arn.indexOf(':', 4);
      if (end > 4) {
        return arn.substring(4, end).toLowerCase(Locale.ROOT);
      }
    }
    return Partition.ofRegion(region()).id();
  }
}
