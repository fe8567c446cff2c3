package dev.guarddutyslack.guardduty;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GuardDuty finding named by its ARN ({@code arn:aws:guardduty:eu-west-1:111122223333:detector/…/finding/…}):
 * the partition, region, account and finding id read from it. Such an ARN arrives as finding text (a
 * finding's {@code associatedAttackSequenceArn}, an attack sequence's {@code signals[].uid}), so it is read
 * only when every part has its exact shape, and never trusted further than that.
 *
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonguardduty.html">
 *     GuardDuty's resource types</a>
 */
public record FindingArn(String partition, String region, String account, String findingId) {
  private static final Pattern ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):guardduty:"
      + "([a-z]{2}(?:-[a-z]+)+-\\d{1,2}):(\\d{12}):detector/[0-9a-f]{32}/finding/([0-9a-f]{32})");

  /** The finding an ARN names; empty for anything else (another service, a bad part, surrounding text). */
  public static Optional<FindingArn> parse(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    Matcher m = ARN.matcher(arn.trim());
    return m.matches() ? Optional.of(new FindingArn(m.group(1), m.group(2), m.group(3), m.group(4)))
        : Optional.empty();
  }
}
