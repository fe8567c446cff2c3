package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What GuardDuty saw: the action, how often, when, and the evidence, malware scan, runtime and attack
 * sequence details where a finding has them.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Service.html">Service</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Service(
    Action action,
    Evidence evidence,
    Boolean archived,
    Long count,
    String detectorId,
    String eventFirstSeen,
    String eventLastSeen,
    String resourceRole,
    String serviceName,
    String featureName,
    JsonNode additionalInfo,
    EbsVolumeScanDetails ebsVolumeScanDetails,
    MalwareScanDetails malwareScanDetails,
    RuntimeDetails runtimeDetails,
    Detection detection) {

  static final Service EMPTY = new Service(
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Action(
      String actionType,
      AwsApiCallAction awsApiCallAction,
      DnsRequestAction dnsRequestAction,
      NetworkConnectionAction networkConnectionAction,
      PortProbeAction portProbeAction,
      KubernetesApiCallAction kubernetesApiCallAction,
      KubernetesPermissionCheckedDetails kubernetesPermissionCheckedDetails,
      KubernetesRoleBindingDetails kubernetesRoleBindingDetails,
      KubernetesRoleDetails kubernetesRoleDetails,
      RdsLoginAttemptAction rdsLoginAttemptAction) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AwsApiCallAction(
      String api,
      String serviceName,
      String callerType,
      String errorCode,
      String userAgent,
      RemoteIpDetails remoteIpDetails,
      DomainDetails domainDetails,
      RemoteAccountDetails remoteAccountDetails,
      JsonNode affectedResources) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DomainDetails(String domain) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RemoteAccountDetails(String accountId, Boolean affiliated) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DnsRequestAction(String domain, String protocol, Boolean blocked, String domainWithSuffix) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record NetworkConnectionAction(
      String connectionDirection,
      String protocol,
      Boolean blocked,
      PortDetails localPortDetails,
      PortDetails remotePortDetails,
      LocalIpDetails localIpDetails,
      RemoteIpDetails remoteIpDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortDetails(Integer port, String portName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LocalIpDetails(String ipAddressV4, String ipAddressV6) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RemoteIpDetails(
      String ipAddressV4, String ipAddressV6, Organization organization, Country country, City city) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Organization(String asn, String asnOrg, String isp, String org) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Country(String countryCode, String countryName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record City(String cityName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortProbeAction(Boolean blocked, List<PortProbeDetail> portProbeDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortProbeDetail(PortDetails localPortDetails, LocalIpDetails localIpDetails,
                                RemoteIpDetails remoteIpDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesApiCallAction(
      String requestUri,
      String verb,
      List<String> sourceIps,
      String userAgent,
      RemoteIpDetails remoteIpDetails,
      Integer statusCode,
      String namespace,
      String resource,
      String resourceName,
      String subresource) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesPermissionCheckedDetails(String verb, String resource, String namespace, Boolean allowed) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesRoleBindingDetails(String kind, String name, String uid, String roleRefName,
                                             String roleRefKind) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KubernetesRoleDetails(String kind, String name, String uid) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RdsLoginAttemptAction(RemoteIpDetails remoteIpDetails, List<LoginAttribute> loginAttributes) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LoginAttribute(String user, String application, Integer failedLoginAttempts,
                               Integer successfulLoginAttempts) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Evidence(List<ThreatIntelligenceDetail> threatIntelligenceDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ThreatIntelligenceDetail(String threatListName, List<String> threatNames, String threatFileSha256) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EbsVolumeScanDetails(String scanId, String scanType, ScanDetections scanDetections) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ScanDetections(ThreatDetectedByName threatDetectedByName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ThreatDetectedByName(Integer itemCount, Integer uniqueThreatNameCount, List<ScanThreatName> threatNames) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ScanThreatName(String name, String severity, Integer itemCount, List<ScanFilePath> filePaths) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ScanFilePath(String filePath, String volumeArn, String hash, String fileName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MalwareScanDetails(List<Threat> threats, String scanId, String scanType, Integer uniqueThreatCount) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Threat(String name, String source, Long count, String hash, List<ItemPath> itemPaths,
                       List<ItemDetail> itemDetails) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ItemPath(String nestedItemPath, String hash) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ItemDetail(String resourceArn, String itemPath, String hash) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RuntimeDetails(Process process, RuntimeContext context) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Process(String name, String executablePath, String executableSha256, Integer pid, String user,
                        String pwd) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RuntimeContext(String commandLineExample, String threatFilePath, String moduleName, String scriptPath,
                               String ianaProtocolNumber, String addressFamily, String toolName,
                               String toolCategory) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Detection(Sequence sequence) {}

  /**
   * An Extended Threat Detection attack sequence.
   *
   * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Sequence.html">Sequence</a>
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Sequence(
      String uid,
      String description,
      List<Actor> actors,
      List<SequenceResource> resources,
      List<Endpoint> endpoints,
      List<Signal> signals,
      List<Indicator> sequenceIndicators,
      List<String> additionalSequenceTypes) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Actor(String id, ActorUser user) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ActorUser(String name, String uid, String type, String credentialUid) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SequenceResource(String uid, String name, String accountId, String resourceType, String region,
                                 String service) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Endpoint(String id, String ip, String domain, Integer port, Location location,
                         AutonomousSystem autonomousSystem) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Location(String city, String country) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AutonomousSystem(String name, Long number) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Signal(String uid, String type, String name, String description, Double severity, Long count,
                       String firstSeenAt, String lastSeenAt) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Indicator(String key, List<String> values, String title) {}
}
