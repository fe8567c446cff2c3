package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonLeniencyTest {
  private final ObjectMapper mapper = Json.newMapper();

  @Test
  void acceptsNumbersAsStringsAndStringsAsNumbers() throws Exception {
    Finding f = mapper.readValue("""
        {"severity":"8.5","accountId":111122223333,"service":{"count":"12","archived":"false"}}""", Finding.class);
    assertThat(f.severity()).isEqualTo(8.5);
    assertThat(f.accountId()).isEqualTo("111122223333");
    assertThat(f.service().count()).isEqualTo(12L);
    assertThat(f.band()).contains(Severity.HIGH);
  }

  @Test
  void missingNullAndEmptyBlocksReadAsAbsent() throws Exception {
    Finding f = mapper.readValue("""
        {"severity":5,"resource":null,"service":{"action":{},"additionalInfo":null,"evidence":""},"unknown":{"x":1}}""",
        Finding.class);
    assertThat(f.resource()).isNull();
    assertThat(f.resourceOrEmpty().instanceDetails()).isNull();
    assertThat(f.service().action().actionType()).isNull();
    assertThat(f.service().evidence()).isNull();
    assertThat(f.isSample()).isFalse();
  }

  @Test
  void valuesOfTheWrongShapeReadAsAbsentInsteadOfFailingTheFinding() throws Exception {
    Finding f = mapper.readValue("""
        {"severity":7,"title":{"nested":"object"},"service":{"count":"many","action":"NETWORK_CONNECTION",
         "eventFirstSeen":1700000000},"resource":{"s3BucketDetails":{"name":"single"},"instanceDetails":[1,2]}}""",
        Finding.class);
    assertThat(f.severity()).isEqualTo(7.0);
    assertThat(f.title()).isEqualTo("{\"nested\":\"object\"}");
    assertThat(f.service().count()).isNull();
    assertThat(f.service().action()).isNull();
    assertThat(f.service().eventFirstSeen()).isEqualTo("1700000000");
    assertThat(f.resource().s3BucketDetails()).singleElement().extracting(Resource.S3BucketDetail::name)
        .isEqualTo("single");
    assertThat(f.resource().instanceDetails()).isNull();
  }

  @Test
  void sampleMarkerIsReadFromBooleanOrString() throws Exception {
    assertThat(mapper.readValue("{\"service\":{\"additionalInfo\":{\"sample\":true}}}", Finding.class).isSample()).isTrue();
    assertThat(mapper.readValue("{\"service\":{\"additionalInfo\":{\"sample\":\"true\"}}}", Finding.class).isSample()).isTrue();
    assertThat(mapper.readValue("{\"service\":{\"additionalInfo\":{\"sample\":false}}}", Finding.class).isSample()).isFalse();
  }

  @Test
  void partitionComesFromFieldArnOrRegion() throws Exception {
    assertThat(mapper.readValue("{\"partition\":\"aws-cn\"}", Finding.class).partitionName()).isEqualTo("aws-cn");
    assertThat(mapper.readValue("{\"arn\":\"arn:aws-us-gov:guardduty:us-gov-west-1:1:detector/d/finding/f\"}",
        Finding.class).partitionName()).isEqualTo("aws-us-gov");
    assertThat(mapper.readValue("{\"region\":\"cn-north-1\"}", Finding.class).partitionName()).isEqualTo("aws-cn");
    assertThat(mapper.readValue("{}", Finding.class).partitionName()).isEqualTo("aws");
  }

  @Test
  void missingSeverityHasNoBand() throws Exception {
    assertThat(mapper.readValue("{\"severity\":null}", Finding.class).band()).isEmpty();
    assertThat(mapper.readValue("{\"severity\":\"high\"}", Finding.class).band()).isEmpty();
  }
}
