package dev.guarddutyslack.guardduty;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The finding a button acts on: account, region, detector, id and band, and its type when the type has the
 * shape GuardDuty gives types. Every part is checked against its exact shape before it goes into a button or a
 * GuardDuty request.
 *
 * @param type the finding type ({@code Recon:EC2/PortProbeUnprotectedPort}), or empty
 */
public record FindingRef(String account, String region, String detectorId, String findingId, Severity band,
                         String type) {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  /** GuardDuty's finding types: ThreatPurpose:ResourceType/ThreatFamily.Variant!Artifact. */
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9:/!._-]{1,120}");

  /**
   * The reference to a finding from its parts as the finding gives them; empty unless account, region, detector
   * and id have their exact shapes. A type of another shape is left out (the reference stays usable).
   */
  public static Optional<FindingRef> of(String account, String region, String detectorId, String findingId,
                                        Severity band, String type) {
    String t = trim(type);
    return of(trim(account), trim(region), trim(detectorId), trim(findingId), band.name(),
        TYPE.matcher(t).matches() ? t : "");
  }

  /** The reference from texts (a button's parts); empty unless every part has its exact shape. */
  public static Optional<FindingRef> of(String account, String region, String detectorId, String findingId,
                                        String band, String type) {
    if (!ACCOUNT.matcher(account).matches() || !REGION.matcher(region).matches()
        || !ID.matcher(detectorId).matches() || !ID.matcher(findingId).matches()
        || !(type.isEmpty() || TYPE.matcher(type).matches())) {
      return Optional.empty();
    }
    for (Severity candidate : Severity.values()) {
      if (candidate.name().equals(band)) {
        return Optional.of(new FindingRef(account, region, detectorId, findingId, candidate, type));
      }
    }
    return Optional.empty();
  }

  /** The first 8 characters of the id: how a dialog or a reply names the finding (followed by an ellipsis). */
  public String shortId() {
    return findingId.substring(0, 8);
  }

  private static String trim(String value) {
    return value == null ? "" : value.trim();
  }
}
