package dev.guarddutyslack.guardduty;

/**
 * The AWS partitions, and which one a region is in: the one map from region to partition (a finding's console
 * link, a button's, and the endpoints of AWS's APIs all ask it).
 *
 * @see <a href="https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html">Partitions</a>
 */
public enum Partition {
  AWS("aws", "amazonaws.com"),
  AWS_CN("aws-cn", "amazonaws.com.cn"),
  AWS_US_GOV("aws-us-gov", "amazonaws.com");

  private final String id;
  private final String dnsSuffix;

  Partition(String id, String dnsSuffix) {
    this.id = id;
    this.dnsSuffix = dnsSuffix;
  }

  /** The partition of a region by its name ({@code cn-north-1}, {@code us-gov-west-1}); the commercial one else. */
  public static Partition ofRegion(String region) {
    String name = region == null ? "" : region.trim();
    if (name.startsWith("cn-")) {
      return AWS_CN;
    }
    if (name.startsWith("us-gov-")) {
      return AWS_US_GOV;
    }
    return AWS;
  }

  /** As ARNs write it: {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
  public String id() {
    return id;
  }

  /** The domain of its regional endpoints. */
  public String dnsSuffix() {
    return dnsSuffix;
  }
}
