package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A Malware Protection for S3 object scan result: the event GuardDuty sends for each object it scanned in a
 * protected bucket, also in an account without a detector, and so without findings. It is read into the shape of
 * a finding, so that routing, deduplication, the storm guard and the formatter treat it as they treat findings:
 * type {@code ScanResult:S3/<status>}, HIGH for threats found (MEDIUM for a scan that could not be done, LOW for
 * none found), the object as the resource, its threats as a malware scan's, and an id that is the same for every
 * result of one version of one object (a redelivery posts nothing new).
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/monitor-with-eventbridge-s3-malware-protection.html">S3 object scan results in EventBridge</a>
 */
public final class ScanResult {
  /** The detail-type of a scan result. */
  public static final String DETAIL_TYPE = "GuardDuty Malware Protection Object Scan Result";
  /** What a scan finds when the object holds malware. */
  public static final String THREATS_FOUND = "THREATS_FOUND";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScanResult() {}

  /** Whether the envelope is a scan result GuardDuty sent. */
  public static boolean is(EventBridgeEvent<JsonNode> envelope) {
    return DETAIL_TYPE.equals(envelope.detailType()) && EventBridgeEvent.GUARDDUTY_SOURCE.equals(envelope.source());
  }

  /** Its status ({@code THREATS_FOUND}, {@code NO_THREATS_FOUND}, …), upper case; empty text when it has none. */
  public static String status(JsonNode detail) {
    JsonNode status = detail.path("scanResultDetails").path("scanResultStatus");
    return status.isTextual() ? status.asText().trim().toUpperCase(Locale.ROOT) : "";
  }

  /** The scan result as a finding. */
  public static Finding asFinding(EventBridgeEvent<JsonNode> envelope) {
    JsonNode detail = envelope.detail();
    JsonNode object = detail.path("s3ObjectDetails");
    String bucket = text(object, "bucketName");
    String key = text(object, "objectKey");
    String version = text(object, "versionId");
    String eTag = text(object, "eTag") != null ? text(object, "eTag") : text(object, "etag");
    String status = status(detail);
    List<String> threats = new ArrayList<>();
    for (JsonNode threat : detail.path("scanResultDetails").path("threats")) {
      String name = text(threat, "name");
      if (name != null) {
        threats.add(name);
      }
    }
    boolean found = status.startsWith("THREAT");
    String where = "s3://" + (bucket == null ? "?" : bucket) + "/" + (key == null ? "?" : key);
    ObjectNode finding = NODES.objectNode();
    finding.put("schemaVersion", "2.0");
    finding.put("accountId", envelope.account());
    finding.put("region", envelope.region());
    finding.put("id", id(bucket, key, version, eTag));
    finding.put("type", Finding.SCAN_RESULT_TYPE_PREFIX + (status.isEmpty() ? "UNKNOWN" : status));
    finding.put("severity", found ? 7.0 : status.equals("NO_THREATS_FOUND") ? 1.0 : 4.0);
    finding.put("title", found ? "Malware found in " + where : "Malware scan of " + where + ": "
        + (status.isEmpty() ? "no result" : status));
    finding.put("description", found
        ? "Malware Protection for S3 scanned " + where + " and found " + threats.size()
            + (threats.size() == 1 ? " threat." : " threats.")
        : "Malware Protection for S3 scanned " + where + " with the result " + status + ".");
    finding.put("updatedAt", envelope.time());
    ObjectNode resource = finding.putObject("resource");
    resource.put("resourceType", "S3Object");
    ObjectNode bucketDetails = resource.putArray(ResourceKind.S3_BUCKET.field()).addObject();
    bucketDetails.put("name", bucket);
    bucketDetails.put("type", "Destination");
    ObjectNode objectDetails = bucketDetails.putArray("s3ObjectDetails").addObject();
    objectDetails.put("key", key);
    objectDetails.put("versionId", version);
    objectDetails.put("eTag", eTag);
    ObjectNode service = finding.putObject("service");
    service.put("serviceName", "guardduty");
    service.put("featureName", "MalwareProtectionForS3");
    service.put("count", 1);
    service.put("eventFirstSeen", envelope.time());
    service.put("eventLastSeen", envelope.time());
    ObjectNode scan = service.putObject("malwareScanDetails");
    scan.put("scanType", text(detail, "scanStatus"));
    ArrayNode list = scan.putArray("threats");
    threats.forEach(name -> list.addObject().put("name", name));
    return Finding.of(finding, envelope.account(), envelope.region());
  }

  /** One object version's id: 32 hex characters of SHA-256 over bucket, key and version (or ETag). */
  private static String id(String bucket, String key, String version, String eTag) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", "scan-result",
          String.valueOf(bucket), String.valueOf(key), version != null ? version : String.valueOf(eTag))
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }
}
