package dev.guarddutyslack.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every finding type GuardDuty documents names a resource the formatter shows, so that the next family cannot
 * arrive unnoticed. A type is {@code ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact}
 * (GuardDuty's "Finding format"); the resource it affects, with the artifact where there is one, must be one of
 * these, each shown by the sections of the resource kinds it names. The catalogue is
 * {@code ../shared/finding-types.tsv}; without it the test is skipped with one {@code SKIPPED:} line.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html">Finding format</a>
 */
class FindingTypesTest {
  private static final Path CATALOGUE = Fixtures.BASE.resolve("../shared/finding-types.tsv").normalize();
  /** The affected resource (and artifact) of a type, and the resource kinds whose sections show it. */
  private static final Map<String, Set<ResourceKind>> SHOWN_BY = Map.ofEntries(
      Map.entry("IAMUser", Set.of(ResourceKind.ACCESS_KEY, ResourceKind.AI_MODEL, ResourceKind.BEDROCK_GUARDRAIL)),
      Map.entry("IAM", Set.of(ResourceKind.ACCESS_KEY)),
      Map.entry("Organizations", Set.of(ResourceKind.ACCESS_KEY)),
      Map.entry("EC2", Set.of(ResourceKind.INSTANCE)),
      Map.entry("EC2!DNS", Set.of(ResourceKind.INSTANCE)),
      Map.entry("EC2!Snapshot", Set.of(ResourceKind.EBS_SNAPSHOT)),
      Map.entry("EC2!AMI", Set.of(ResourceKind.EC2_IMAGE)),
      Map.entry("EC2!RecoveryPoint", Set.of(ResourceKind.RECOVERY_POINT)),
      Map.entry("S3", Set.of(ResourceKind.S3_BUCKET)),
      Map.entry("S3!RecoveryPoint", Set.of(ResourceKind.RECOVERY_POINT)),
      Map.entry("Kubernetes", Set.of(ResourceKind.EKS_CLUSTER, ResourceKind.KUBERNETES)),
      Map.entry("Kubernetes!PrivilegedContainer", Set.of(ResourceKind.EKS_CLUSTER, ResourceKind.KUBERNETES)),
      Map.entry("Kubernetes!ContainerWithSensitiveMount", Set.of(ResourceKind.EKS_CLUSTER, ResourceKind.KUBERNETES)),
      Map.entry("EKS", Set.of(ResourceKind.EKS_CLUSTER)),
      Map.entry("ECS", Set.of(ResourceKind.ECS_CLUSTER)),
      Map.entry("Container", Set.of(ResourceKind.CONTAINER)),
      Map.entry("Runtime", Set.of(ResourceKind.INSTANCE, ResourceKind.EKS_CLUSTER, ResourceKind.ECS_CLUSTER,
          ResourceKind.CONTAINER)),
      Map.entry("Runtime!DNS", Set.of(ResourceKind.INSTANCE, ResourceKind.EKS_CLUSTER, ResourceKind.ECS_CLUSTER,
          ResourceKind.CONTAINER)),
      Map.entry("Lambda", Set.of(ResourceKind.LAMBDA_FUNCTION)),
      Map.entry("RDS", Set.of(ResourceKind.RDS_INSTANCE, ResourceKind.RDS_LIMITLESS, ResourceKind.RDS_USER)));

  @Test
  void everyTypeOfTheCatalogueAffectsAResourceTheFormatterShows() throws IOException {
    boolean present = Files.isRegularFile(CATALOGUE);
    if (!present) {
      System.out.println("SKIPPED: the finding type catalogue is not at " + CATALOGUE + "; the types were not checked");
    }
    assumeTrue(present, "no finding type catalogue");
    List<String> lines = Files.readAllLines(CATALOGUE);
    assertThat(lines.get(0)).startsWith("finding_type\t");
    List<String> unknown = new ArrayList<>();
    int types = 0;
    for (String line : lines.subList(1, lines.size())) {
      String type = line.split("\t", 2)[0].strip();
      if (type.isEmpty()) {
        continue;
      }
      types++;
      String affected = affected(type);
      if (!SHOWN_BY.containsKey(affected)) {
        unknown.add(type + " (" + affected + ")");
      }
    }
    assertThat(types).as("types in the catalogue").isGreaterThan(200);
    assertThat(unknown).as("types whose resource no section shows: add a resource kind or a section").isEmpty();
  }

  /** The 2026 families name kinds with sections of their own (the switch in FindingDetails covers every kind). */
  @Test
  void theNewFamiliesHaveKindsOfTheirOwn() {
    assertThat(affected("Impact:IAMUser/PromptInjection.Direct")).isEqualTo("IAMUser");
    assertThat(affected("Execution:EC2/MaliciousFile!RecoveryPoint")).isEqualTo("EC2!RecoveryPoint");
    assertThat(affected("Backdoor:Runtime/C&CActivity.B!DNS")).isEqualTo("Runtime!DNS");
    assertThat(SHOWN_BY.get("IAMUser")).contains(ResourceKind.AI_MODEL, ResourceKind.BEDROCK_GUARDRAIL);
    assertThat(SHOWN_BY.get("EC2!RecoveryPoint")).containsExactly(ResourceKind.RECOVERY_POINT);
  }

  /** {@code Impact:IAMUser/PromptInjection.Direct} → {@code IAMUser}; {@code …/MaliciousFile!AMI} → {@code EC2!AMI}. */
  static String affected(String type) {
    String afterPurpose = type.substring(type.indexOf(':') + 1);
    String resource = afterPurpose.contains("/") ? afterPurpose.substring(0, afterPurpose.indexOf('/')) : afterPurpose;
    return type.contains("!") ? resource + type.substring(type.indexOf('!')) : resource;
  }
}
