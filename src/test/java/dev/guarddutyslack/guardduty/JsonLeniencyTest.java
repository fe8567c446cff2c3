package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.json.JsonTree;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Real findings vary; the model reads what is there and never fails on what is not. */
class JsonLeniencyTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static Finding finding(String detail) throws IOException {
    return Finding.of(JsonTree.read(JSON, detail));
  }

  @Test
  void acceptsNumbersAsStringsAndStringsAsNumbers() throws Exception {
    Finding f = finding("""
        {"severity":"8.5","accountId":111122223333,"service":{"count":"12","archived":"false"}}""");
    assertThat(f.severity()).isEqualTo(8.5);
    assertThat(f.accountId()).isEqualTo("111122223333");
    assertThat(f.count()).isEqualTo(12L);
    assertThat(f.service().bool("archived")).isFalse();
    assertThat(f.band()).contains(Severity.HIGH);
  }

  @Test
  void missingNullAndEmptyBlocksReadAsAbsent() throws Exception {
    Finding f = finding("""
        {"severity":5,"resource":null,"service":{"action":{},"additionalInfo":null,"evidence":""},"unknown":{"x":1}}""");
    assertThat(f.resource().isPresent()).isFalse();
    assertThat(f.resource().node("instanceDetails").text("instanceId")).isNull();
    assertThat(f.service().node("action").isPresent()).isFalse();
    assertThat(f.service().node("evidence").nodes("threatIntelligenceDetails")).isEmpty();
    assertThat(f.isSample()).isFalse();
  }

  @Test
  void valuesOfTheWrongShapeReadAsAbsentInsteadOfFailingTheFinding() throws Exception {
    Finding f = finding("""
        {"severity":7,"title":{"nested":"object"},"service":{"count":"many","action":"NETWORK_CONNECTION",
         "eventFirstSeen":1700000000},"resource":{"s3BucketDetails":{"name":"single"},"instanceDetails":[1,2]}}""");
    assertThat(f.severity()).isEqualTo(7.0);
    assertThat(f.title()).isEqualTo("{\"nested\":\"object\"}");
    assertThat(f.count()).isNull();
    assertThat(f.service().node("action").isPresent()).isFalse();
    assertThat(f.service().text("eventFirstSeen")).isEqualTo("1700000000");
    assertThat(f.resource().nodes("s3BucketDetails")).singleElement().extracting(b -> b.text("name"))
        .isEqualTo("single");
    assertThat(f.resource().node("instanceDetails").isPresent()).isFalse();
  }

  @Test
  void aSingleValueIsAListOfOneAndBlankTextIsAbsent() throws Exception {
    Node n = Node.of(JsonTree.read(JSON, """
        {"one":"x","many":["a","",null,3,{"k":1}],"blank":"   ","nothing":null}"""));
    assertThat(n.texts("one")).containsExactly("x");
    assertThat(n.texts("many")).containsExactly("a", "3", "{\"k\":1}");
    assertThat(n.text("blank")).isNull();
    assertThat(n.text("nothing")).isNull();
    assertThat(n.texts("absent")).isEmpty();
  }

  @Test
  void numbersThatAreNotFiniteOrWholeAreHandled() throws Exception {
    Node n = Node.of(JsonTree.read(JSON, """
        {"big":"1e400","whole":"42","fraction":2.5,"huge":99999999999999999999999,"text":"NaN"}"""));
    assertThat(n.number("big")).isNull();
    assertThat(n.integer("whole")).isEqualTo(42L);
    assertThat(n.integer("fraction")).isEqualTo(2L);
    assertThat(n.integer("huge")).isNull();
    assertThat(n.number("text")).isNull();
  }

  @Test
  void sampleMarkerIsReadFromBooleanOrString() throws Exception {
    assertThat(finding("{\"service\":{\"additionalInfo\":{\"sample\":true}}}").isSample()).isTrue();
    assertThat(finding("{\"service\":{\"additionalInfo\":{\"sample\":\"true\"}}}").isSample()).isTrue();
    assertThat(finding("{\"service\":{\"additionalInfo\":{\"sample\":false}}}").isSample()).isFalse();
  }

  @Test
  void partitionComesFromFieldArnOrRegion() throws Exception {
    assertThat(finding("{\"partition\":\"aws-cn\"}").partitionName()).isEqualTo("aws-cn");
    assertThat(finding("{\"arn\":\"arn:aws-us-gov:guardduty:us-gov-west-1:1:detector/d/finding/f\"}").partitionName())
        .isEqualTo("aws-us-gov");
    assertThat(finding("{\"region\":\"cn-north-1\"}").partitionName()).isEqualTo("aws-cn");
    assertThat(finding("{}").partitionName()).isEqualTo("aws");
  }

  @Test
  void missingSeverityHasNoBand() throws Exception {
    assertThat(finding("{\"severity\":null}").band()).isEmpty();
    assertThat(finding("{\"severity\":\"high\"}").band()).isEmpty();
  }

  @Test
  void theEventsAccountAndRegionFillInForAFindingWithoutThem() throws Exception {
    ParsedEvent parsed = EventParser.parse(JsonTree.read(JSON, """
        {"detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"111122223333","region":"eu-north-1",
         "detail":{"id":"f1","severity":5}}"""));
    Finding f = ((ParsedEvent.FindingEvent) parsed).finding();
    assertThat(f.accountId()).isEqualTo("111122223333");
    assertThat(f.region()).isEqualTo("eu-north-1");
  }
}
