package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The affected resource. Which of the blocks is present depends on {@code resourceType}.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Resource.html">Resource</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resource(
    String resourceType,
    AccessKeyDetails accessKeyDetails,
    InstanceDetails instanceDetails,
    List<S3BucketDetail> s3BucketDetails,
    EksClusterDetails eksClusterDetails,
    KubernetesDetails kubernetesDetails,
    EcsClusterDetails ecsClusterDetails,
    Container containerDetails,
    LambdaDetails lambdaDetails,
    RdsDbInstanceDetails rdsDbInstanceDetails,
    RdsLimitlessDbDetails rdsLimitlessDbDetails,
    RdsDbUserDetails rdsDbUserDetails,
    EbsVolumeDetails ebsVolumeDetails,
    EbsSnapshotDetails ebsSnapshotDetails,
    Ec2ImageDetails ec2ImageDetails,
    RecoveryPointDetails recoveryPointDetails) {

  static final Resource EMPTY = new Resource(
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AccessKeyDetails(String accessKeyId, String principalId, String userName, String userType) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InstanceDetails(
      String instanceId,
      String instanceType,
      String instanceState,
      String availabilityZone,
      String imageId,
      String imageDescription,
      String platform,
      String launchTime,
      String outpostArn,
      IamInstanceProfile iamInstanceProfile,
      List<NetworkInterface> networkInterfaces,
      List<Tag> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IamInstanceProfile(String arn, String id) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkInterface(
      String networkInterfaceId,
      String privateIpAddress,
      String privateDnsName,
      String publicIp,
      String publicDnsName,
      String subnetId,
      String vpcId,
      List<SecurityGroup> securityGroups) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecurityGroup(String groupId, String groupName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record S3BucketDetail(
      String arn,
      String name,
      String type,
      String createdAt,
      PublicAccess publicAccess,
      List<Tag> tags,
      List<S3ObjectDetail> s3ObjectDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PublicAccess(String effectivePermission) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record S3ObjectDetail(String objectArn, String key, String eTag, String hash, String versionId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EksClusterDetails(String name, String arn, String vpcId, String status, List<Tag> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesDetails(KubernetesUserDetails kubernetesUserDetails,
                                  KubernetesWorkloadDetails kubernetesWorkloadDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesUserDetails(String username, String uid, List<String> groups, List<String> sessionName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesWorkloadDetails(
      String name,
      String type,
      String uid,
      String namespace,
      Boolean hostNetwork,
      String serviceAccountName,
      List<Container> containers) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Container(
      String containerRuntime, String id, String name, String image, SecurityContext securityContext) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecurityContext(Boolean privileged, Boolean allowPrivilegeEscalation) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EcsClusterDetails(String name, String arn, String status, List<Tag> tags, EcsTaskDetails taskDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EcsTaskDetails(
      String arn, String definitionArn, String version, String startedBy, String group, List<Container> containers) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LambdaDetails(
      String functionArn, String functionName, String description, String functionVersion, String role,
      List<Tag> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RdsDbInstanceDetails(
      String dbInstanceIdentifier, String engine, String engineVersion, String dbClusterIdentifier,
      String dbInstanceArn, List<Tag> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RdsLimitlessDbDetails(
      String dbShardGroupIdentifier, String dbShardGroupArn, String engine, String engineVersion,
      String dbClusterIdentifier, List<Tag> tags) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RdsDbUserDetails(String user, String application, String database, String ssl, String authMethod) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EbsVolumeDetails(List<VolumeDetail> scannedVolumeDetails, List<VolumeDetail> skippedVolumeDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VolumeDetail(String volumeArn, String volumeType, String deviceName, Integer volumeSizeInGB) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EbsSnapshotDetails(String snapshotArn) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ec2ImageDetails(String imageArn) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RecoveryPointDetails(String recoveryPointArn, String backupVaultName) {}
}
