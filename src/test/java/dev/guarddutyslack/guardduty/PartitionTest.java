package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one map from region to partition: its id (as ARNs write it) and the domain of its endpoints. */
class PartitionTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "none", value = {"eu-west-1, aws, amazonaws.com", "ap-southeast-6, aws, amazonaws.com",
      "cn-north-1, aws-cn, amazonaws.com.cn", "' cn-northwest-1 ', aws-cn, amazonaws.com.cn",
      "us-gov-west-1, aws-us-gov, amazonaws.com", "none, aws, amazonaws.com", "'', aws, amazonaws.com"})
  void aRegionIsInOnePartition(String region, String id, String dnsSuffix) {
    assertThat(Partition.ofRegion(region).id()).isEqualTo(id);
    assertThat(Partition.ofRegion(region).dnsSuffix()).isEqualTo(dnsSuffix);
  }
}
