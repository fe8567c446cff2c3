package dev.guarddutyslack.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.slack.Limits;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The details sections, kind by kind, and the rule that every piece of a finding's text (labels included)
 * reaches them escaped.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Resource.html">Resource</a>
 */
class FindingDetailsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String MARK = "marker-7f3a";

  /** Each kind of resource as GuardDuty writes it, holding {@link #MARK}, and the section that shows it. */
  private static final Map<ResourceKind, Kind> KINDS = new EnumMap<>(Map.ofEntries(
      Map.entry(ResourceKind.ACCESS_KEY, new Kind("{\"accessKeyDetails\":{\"userName\":\"M\"}}", "Principal")),
      Map.entry(ResourceKind.INSTANCE, new Kind("{\"instanceDetails\":{\"instanceId\":\"M\"}}", "EC2 instance")),
      Map.entry(ResourceKind.S3_BUCKET, new Kind("{\"s3BucketDetails\":[{\"name\":\"M\"}]}", "S3 bucket")),
      Map.entry(ResourceKind.EKS_CLUSTER, new Kind("{\"eksClusterDetails\":{\"name\":\"M\"}}", "Kubernetes")),
      Map.entry(ResourceKind.KUBERNETES, new Kind(
          "{\"kubernetesDetails\":{\"kubernetesUserDetails\":{\"username\":\"M\"}}}", "Kubernetes")),
      Map.entry(ResourceKind.ECS_CLUSTER, new Kind("{\"ecsClusterDetails\":{\"name\":\"M\"}}", "ECS")),
      Map.entry(ResourceKind.CONTAINER, new Kind("{\"containerDetails\":{\"name\":\"M\"}}", "Container")),
      Map.entry(ResourceKind.LAMBDA_FUNCTION, new Kind("{\"lambdaDetails\":{\"functionName\":\"M\"}}",
          "Lambda function")),
      Map.entry(ResourceKind.RDS_INSTANCE, new Kind("{\"rdsDbInstanceDetails\":{\"dbInstanceIdentifier\":\"M\"}}",
          "Database")),
      Map.entry(ResourceKind.RDS_LIMITLESS, new Kind(
          "{\"rdsLimitlessDbDetails\":{\"dbShardGroupIdentifier\":\"M\"}}", "Database")),
      Map.entry(ResourceKind.RDS_USER, new Kind("{\"rdsDbUserDetails\":{\"user\":\"M\"}}", "Database")),
      Map.entry(ResourceKind.EBS_VOLUMES, new Kind(
          "{\"ebsVolumeDetails\":{\"scannedVolumeDetails\":[{\"deviceName\":\"M\"}]}}", "Malware scan")),
      Map.entry(ResourceKind.EBS_SNAPSHOT, new Kind("{\"ebsSnapshotDetails\":{\"snapshotArn\":\"M\"}}",
          "Malware scan")),
      Map.entry(ResourceKind.EC2_IMAGE, new Kind("{\"ec2ImageDetails\":{\"imageArn\":\"M\"}}", "Malware scan")),
      Map.entry(ResourceKind.RECOVERY_POINT, new Kind(
          "{\"recoveryPointDetails\":{\"recoveryPointArn\":\"M\"}}", "Malware scan")),
      Map.entry(ResourceKind.AI_MODEL, new Kind("{\"modelDetails\":[{\"modelId\":\"M\"}]}", "AI model")),
      Map.entry(ResourceKind.BEDROCK_GUARDRAIL, new Kind(
          "{\"bedrockGuardrailDetails\":{\"guardrailAction\":\"M\"}}", "Bedrock guardrail"))));

  private record Kind(String resource, String section) {}

  private static Finding finding(String resource, String service) throws Exception {
    ObjectNode detail = MAPPER.createObjectNode().put("id", "f1").put("type", "Recon:EC2/PortProbeUnprotectedPort")
        .put("severity", 5.0);
    detail.set("resource", MAPPER.readTree(resource));
    detail.set("service", MAPPER.readTree(service));
    return Finding.of(detail);
  }

  private static List<String> rendered(Finding finding) {
    return FindingDetails.of(finding).stream().map(d -> d.render().toString()).toList();
  }

  @Test
  void everyKindOfResourceIsDescribedHere() {
    assertThat(KINDS).containsOnlyKeys(ResourceKind.values());
  }

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void eachKindOfResourceIsShownInItsSection(ResourceKind kind) throws Exception {
    Kind described = KINDS.get(kind);

    List<String> sections = rendered(finding(described.resource().replace("\"M\"", "\"" + MARK + "\""), "{}"));

    assertThat(sections).as(kind + " in " + sections).anySatisfy(section -> assertThat(section)
        .startsWith("*" + described.section() + "*\n").contains(MARK));
  }

  @ParameterizedTest
  @EnumSource(ResourceKind.class)
  void theResourceIsNamedByTheIdentifierOfItsKind(ResourceKind kind) throws Exception {
    Finding finding = finding(KINDS.get(kind).resource().replace("\"M\"", "\"" + MARK + "\""), "{}");

    String summary = FindingFormatter.resourceSummary(finding.resource()).toString();

    boolean named = ResourceKind.named(finding.resource()).isPresent();
    assertThat(summary).isEqualTo(named ? "unknown `" + MARK + "`" : "unknown");
    assertThat(named).as("kinds that are always shown beside another are never the name")
        .isEqualTo(!List.of(ResourceKind.KUBERNETES, ResourceKind.RDS_USER, ResourceKind.EBS_VOLUMES,
            ResourceKind.EBS_SNAPSHOT, ResourceKind.EC2_IMAGE, ResourceKind.RECOVERY_POINT, ResourceKind.AI_MODEL,
            ResourceKind.BEDROCK_GUARDRAIL).contains(kind));
  }

  @Test
  void anInstanceNamesTheResourceBeforeThePrincipalThatUsedIt() throws Exception {
    Finding finding = finding("{\"resourceType\":\"Instance\",\"accessKeyDetails\":{\"userName\":\"alice\"},"
        + "\"instanceDetails\":{\"instanceId\":\"i-1\"}}", "{}");

    assertThat(FindingFormatter.resourceSummary(finding.resource()).toString()).isEqualTo("Instance `i-1`");
    assertThat(rendered(finding)).extracting(s -> s.substring(0, s.indexOf('\n')))
        .as("the details keep their own order").containsExactly("*Principal*", "*EC2 instance*");
  }

  @Test
  void tagsShowAsKeyEqualsValue() throws Exception {
    Finding finding = finding("{\"instanceDetails\":{\"instanceId\":\"i-1\",\"tags\":[{\"key\":\"team\","
        + "\"value\":\"payments\"},{\"key\":\"Name\",\"value\":\"web-1\"}]}}", "{}");

    assertThat(rendered(finding)).singleElement().asString().contains("*Tags:* `team=payments`, `Name=web-1`");
  }

  /** A sequence indicator's title is the finding's text, used as a label: escaped like any value. */
  @Test
  void aLabelTakenFromTheFindingIsEscaped() throws Exception {
    Finding finding = finding("{}", "{\"detection\":{\"sequence\":{\"description\":\"d\",\"sequenceIndicators\":"
        + "[{\"key\":\"k\",\"title\":\"<!channel> *loud* <https://evil.example|click>\",\"values\":[\"v\"]}]}}}");

    String section = rendered(finding).get(0);

    assertThat(section).startsWith("*Attack sequence*").doesNotContain("<!channel>").doesNotContain("<https")
        .contains("&lt;!channel&gt;");
  }

  @Test
  void aLongValueIsCutAtTheValueCap() throws Exception {
    String agent = "a".repeat(Details.VALUE * 2);
    Finding finding = finding("{}", "{\"action\":{\"awsApiCallAction\":{\"api\":\"GetObject\",\"userAgent\":\""
        + agent + "\"}}}");

    String line = rendered(finding).get(0).lines().filter(l -> l.startsWith("*User agent:*")).findFirst().orElseThrow();

    assertThat(line.length()).isLessThan("*User agent:* ``".length() + Details.VALUE + 2);
    assertThat(line).endsWith("\u2026`");
  }

  @Test
  void aFullSectionDropsWholeLinesAndSaysHowMany() throws Exception {
    StringBuilder indicators = new StringBuilder();
    for (int i = 0; i < Details.LIST_ITEMS; i++) {
      indicators.append(i == 0 ? "" : ",").append("{\"title\":\"indicator ").append(i).append("\",\"values\":[");
      for (int j = 0; j < Details.LIST_ITEMS; j++) {
        indicators.append(j == 0 ? "" : ",").append('"').append("v".repeat(100)).append('"');
      }
      indicators.append("]}");
    }
    Finding finding = finding("{}", "{\"detection\":{\"sequence\":{\"description\":\"d\",\"sequenceIndicators\":["
        + indicators + "]}}}");

    String section = rendered(finding).get(0);

    assertThat(section.length()).isLessThanOrEqualTo(Limits.SECTION_TEXT);
    assertThat(section).containsPattern("\n_\\d+ more not shown_$");
    List<String> shown = section.lines().filter(l -> l.startsWith("*indicator")).toList();
    assertThat(shown).as("some lines are shown, not all").isNotEmpty().hasSizeLessThan(Details.LIST_ITEMS);
    assertThat(shown).as("no line is cut: each ends with its last value").allMatch(l -> l.endsWith("`"));
  }
}
