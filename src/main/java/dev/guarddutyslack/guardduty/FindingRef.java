package dev.guarddutyslack.guardduty;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The finding a button acts on, as its {@code value} names it: {@code account:region:detectorId:findingId:band}.
 * Every part is checked against its exact shape before it goes into a GuardDuty request.
 */
public record FindingRef(String account, String region, String detectorId, String findingId, Severity band) {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  /** The button value for a finding, or empty when its parts are not of their shapes (no buttons then). */
  public static Optional<String> value(String account, String region, String detectorId, String findingId,
                                       Severity band) {
    String value = trim(account) + ":" + trim(region) + ":" + trim(detectorId) + ":" + trim(findingId) + ":"
        + band.name();
    return parse(value).map(ref -> value);
  }

  /** The finding a button value names; empty unless every part has its exact shape. */
  public static Optional<FindingRef> parse(String value) {
    if (value == null || value.length() > 200) {
      return Optional.empty();
    }
    String[] parts = value.split(":", -1);
    if (parts.length != 5 || !ACCOUNT.matcher(parts[0]).matches() || !REGION.matcher(parts[1]).matches()
        || !ID.matcher(parts[2]).matches() || !ID.matcher(parts[3]).matches()) {
      return Optional.empty();
    }
    for (Severity band : Severity.values()) {
      if (band.name().equals(parts[4])) {
        return Optional.of(new FindingRef(parts[0], parts[1], parts[2], parts[3], band));
      }
    }
    return Optional.empty();
  }

  private static String trim(String value) {
    return value == null ? "" : value.trim();
  }
}
