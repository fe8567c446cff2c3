package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** A Malware Protection for S3 scan result, read into the shape of a finding. */
class ScanResultTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode event() throws Exception {
    return (ObjectNode) MAPPER.readTree(Fixtures.read(Fixtures.BASE.resolve(
        "events/families/scan-result-threats-found.json")));
  }

  private static ParsedEvent.ScanResultEvent parse(ObjectNode event) {
    return (ParsedEvent.ScanResultEvent) EventParser.parse(event);
  }

  @Test
  void aScanThatFoundMalwareIsAHighFindingAboutTheObject() throws Exception {
    ParsedEvent.ScanResultEvent scan = parse(event());
    Finding finding = scan.finding();
    assertThat(scan.status()).isEqualTo("THREATS_FOUND");
    assertThat(finding.isScanResult()).isTrue();
    assertThat(finding.type()).isEqualTo("ScanResult:S3/THREATS_FOUND");
    assertThat(finding.band()).contains(Severity.HIGH);
    assertThat(finding.accountId()).isEqualTo("111122223333");
    assertThat(finding.region()).isEqualTo("eu-west-1");
    assertThat(finding.id()).matches("[0-9a-f]{32}");
    assertThat(finding.title()).isEqualTo("Malware found in s3://uploads-inbox/invoices/2026-11 <@U123>.pdf");
    Node bucket = ResourceKind.S3_BUCKET.in(finding.resource());
    assertThat(bucket.text("name")).isEqualTo("uploads-inbox");
    assertThat(bucket.nodes("s3ObjectDetails").get(0).text("versionId")).isEqualTo("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
    assertThat(finding.service().node("malwareScanDetails").nodes("threats")).hasSize(2);
    assertThat(finding.attackSequence()).isEmpty();
  }

  @Test
  void everyResultOfOneObjectVersionHasOneIdAndAnotherVersionAnother() throws Exception {
    ObjectNode first = event();
    ObjectNode again = event();
    again.put("id", "another-delivery");
    again.put("time", "2026-11-20T10:20:00Z");
    ObjectNode next = event();
    ((ObjectNode) next.path("detail").path("s3ObjectDetails")).put("versionId", "another-version");
    assertThat(parse(again).finding().id()).isEqualTo(parse(first).finding().id());
    assertThat(parse(next).finding().id()).isNotEqualTo(parse(first).finding().id());
  }

  @Test
  void theStatusSetsTheBand() throws Exception {
    for (String[] c : new String[][] {{"NO_THREATS_FOUND", "LOW"}, {"ACCESS_DENIED", "MEDIUM"},
        {"UNSUPPORTED", "MEDIUM"}, {"FAILED", "MEDIUM"}, {"THREATS_FOUND", "HIGH"}, {"threats_found", "HIGH"}}) {
      ObjectNode event = event();
      ((ObjectNode) event.path("detail").path("scanResultDetails")).put("scanResultStatus", c[0]);
      ParsedEvent.ScanResultEvent scan = parse(event);
      assertThat(scan.finding().band()).as(c[0]).contains(Severity.valueOf(c[1]));
      assertThat(scan.status()).isEqualTo(c[0].toUpperCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void onlyGuardDutysScanResultsAreRead() throws Exception {
    ObjectNode forged = event();
    forged.put("source", "my.app");
    assertThat(EventParser.parse(forged)).isInstanceOf(ParsedEvent.NotAFinding.class);
    ObjectNode noDetail = event();
    noDetail.remove("detail");
    assertThat(EventParser.parse(noDetail)).isNotInstanceOf(ParsedEvent.ScanResultEvent.class);
  }
}
