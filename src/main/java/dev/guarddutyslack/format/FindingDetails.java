package dev.guarddutyslack.format;

import static dev.guarddutyslack.format.Details.firstPresent;
import static dev.guarddutyslack.format.Details.join;
import static dev.guarddutyslack.format.Details.list;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Resource;
import dev.guarddutyslack.guardduty.Service;
import dev.guarddutyslack.guardduty.Tag;
import dev.guarddutyslack.slack.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The details of a finding, one titled section each, chosen by what the finding has: the attack sequence,
 * the action (API call, DNS request, network connection, port probe, Kubernetes, database logins), the
 * runtime process, and the affected resource (principal, instance, buckets, EKS, ECS, container, Lambda,
 * RDS), malware scans and threat intelligence.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html">Finding format</a>
 */
final class FindingDetails {
  private FindingDetails() {}

  /** Every section that has something to show, most telling first. */
  static List<Details> of(Finding finding) {
    return sections(finding).stream().filter(d -> !d.isEmpty()).collect(Collectors.toList());
  }

  private static List<Details> sections(Finding finding) {
    Resource r = finding.resourceOrEmpty();
    Service s = finding.serviceOrEmpty();
    List<Details> out = new ArrayList<>();
    Optional.ofNullable(s.detection()).map(Service.Detection::sequence).ifPresent(seq -> out.addAll(sequence(seq)));
    Optional.ofNullable(s.action()).ifPresent(a -> out.addAll(action(a)));
    Optional.ofNullable(s.runtimeDetails()).ifPresent(rt -> out.add(runtime(rt)));
    out.add(accessKey(r.accessKeyDetails()));
    out.add(instance(r.instanceDetails()));
    out.addAll(buckets(r.s3BucketDetails()));
    out.add(eks(r.eksClusterDetails(), r.kubernetesDetails()));
    out.add(ecs(r.ecsClusterDetails()));
    out.add(container("Container", r.containerDetails()));
    out.add(lambda(r.lambdaDetails()));
    out.add(rds(r.rdsDbInstanceDetails(), r.rdsLimitlessDbDetails(), r.rdsDbUserDetails()));
    out.add(malware(r, s));
    out.add(evidence(s.evidence()));
    return out;
  }

  private static List<Details> action(Service.Action a) {
    List<Details> out = new ArrayList<>();
    if (a.awsApiCallAction() != null) {
      Service.AwsApiCallAction api = a.awsApiCallAction();
      Details d = new Details("API call")
          .code("API", join(":", api.serviceName(), api.api()))
          .text("Caller type", api.callerType())
          .code("Error code", api.errorCode())
          .code("User agent", api.userAgent())
          .code("Domain", api.domainDetails() == null ? null : api.domainDetails().domain());
      if (api.remoteAccountDetails() != null) {
        d.code("Remote account", api.remoteAccountDetails().accountId())
            .text("Affiliated", api.remoteAccountDetails().affiliated());
      }
      if (api.affectedResources() != null && api.affectedResources().isObject()) {
        List<String> affected = new ArrayList<>();
        api.affectedResources().properties().forEach(e -> affected.add(e.getKey() + " " + e.getValue().asText()));
        d.codes("Affected resources", affected);
      }
      remoteIp(d, api.remoteIpDetails());
      out.add(d);
    }
    if (a.dnsRequestAction() != null) {
      Service.DnsRequestAction dns = a.dnsRequestAction();
      out.add(new Details("DNS request")
          .code("Domain", dns.domain())
          .code("Domain with suffix", dns.domainWithSuffix())
          .text("Protocol", dns.protocol())
          .text("Blocked", dns.blocked()));
    }
    if (a.networkConnectionAction() != null) {
      Service.NetworkConnectionAction net = a.networkConnectionAction();
      Details d = new Details("Network connection")
          .text("Direction", net.connectionDirection())
          .text("Protocol", net.protocol())
          .code("Local port", port(net.localPortDetails()))
          .code("Remote port", port(net.remotePortDetails()))
          .code("Local IP", net.localIpDetails() == null ? null
              : firstPresent(net.localIpDetails().ipAddressV4(), net.localIpDetails().ipAddressV6(), null))
          .text("Blocked", net.blocked());
      remoteIp(d, net.remoteIpDetails());
      out.add(d);
    }
    if (a.portProbeAction() != null) {
      Details d = new Details("Port probe").text("Blocked", a.portProbeAction().blocked());
      list(a.portProbeAction().portProbeDetails()).stream().limit(Details.LIST_ITEMS).forEach(p -> {
        Service.RemoteIpDetails ip = p.remoteIpDetails();
        d.bullet("port " + SafeText.code(Objects.toString(port(p.localPortDetails()), "?"), 80)
            + (ip == null ? "" : " from " + ipText(ip)));
      });
      out.add(d);
    }
    if (a.kubernetesApiCallAction() != null) {
      Service.KubernetesApiCallAction k = a.kubernetesApiCallAction();
      Details d = new Details("Kubernetes API call")
          .code("Verb", k.verb())
          .code("Request URI", k.requestUri())
          .code("Namespace", k.namespace())
          .code("Resource", join("/", k.resource(), k.resourceName(), k.subresource()))
          .text("Status code", k.statusCode())
          .codes("Source IPs", k.sourceIps())
          .code("User agent", k.userAgent());
      remoteIp(d, k.remoteIpDetails());
      out.add(d);
    }
    if (a.kubernetesPermissionCheckedDetails() != null) {
      Service.KubernetesPermissionCheckedDetails k = a.kubernetesPermissionCheckedDetails();
      out.add(new Details("Kubernetes permission checked")
          .code("Verb", k.verb()).code("Resource", k.resource()).code("Namespace", k.namespace())
          .text("Allowed", k.allowed()));
    }
    if (a.kubernetesRoleBindingDetails() != null) {
      Service.KubernetesRoleBindingDetails k = a.kubernetesRoleBindingDetails();
      out.add(new Details("Kubernetes role binding")
          .code("Binding", join(" ", k.kind(), k.name())).code("Role", join(" ", k.roleRefKind(), k.roleRefName())));
    }
    if (a.kubernetesRoleDetails() != null) {
      Service.KubernetesRoleDetails k = a.kubernetesRoleDetails();
      out.add(new Details("Kubernetes role").code("Role", join(" ", k.kind(), k.name())));
    }
    if (a.rdsLoginAttemptAction() != null) {
      Details d = new Details("Database login attempts");
      remoteIp(d, a.rdsLoginAttemptAction().remoteIpDetails());
      list(a.rdsLoginAttemptAction().loginAttributes()).stream().limit(Details.LIST_ITEMS).forEach(l ->
          d.bullet(SafeText.code(firstPresent(l.user(), "?"), 120) + " via " + SafeText.code(firstPresent(l.application(), "?"), 120)
              + ": " + Objects.toString(l.failedLoginAttempts(), "0") + " failed, "
              + Objects.toString(l.successfulLoginAttempts(), "0") + " succeeded"));
      out.add(d);
    }
    return out;
  }

  private static void remoteIp(Details d, Service.RemoteIpDetails ip) {
    if (ip == null) {
      return;
    }
    d.code("Remote IP", firstPresent(ip.ipAddressV4(), ip.ipAddressV6(), null));
    d.text("Location", join(", ",
        ip.city() == null ? null : ip.city().cityName(),
        ip.country() == null ? null : firstPresent(ip.country().countryName(), ip.country().countryCode(), null)));
    if (ip.organization() != null) {
      Service.Organization o = ip.organization();
      String asn = o.asn() == null || o.asn().equals("-1") ? null : "AS" + o.asn();
      d.text("Organization", join(" \u00B7 ", firstPresent(o.org(), o.asnOrg(), null), o.isp(), asn));
    }
  }

  private static String ipText(Service.RemoteIpDetails ip) {
    String where = join(", ", ip.country() == null ? null : ip.country().countryName(),
        ip.organization() == null ? null : firstPresent(ip.organization().org(), ip.organization().asnOrg(), null));
    return SafeText.code(firstPresent(ip.ipAddressV4(), ip.ipAddressV6(), "?"), 60)
        + (where == null ? "" : " (" + SafeText.line(where, 200) + ")");
  }

  private static Details runtime(Service.RuntimeDetails rt) {
    Details d = new Details("Runtime process");
    if (rt.process() != null) {
      Service.Process p = rt.process();
      d.code("Process", p.name()).code("Executable", p.executablePath()).code("SHA-256", p.executableSha256())
          .text("PID", p.pid()).code("User", p.user()).code("Working directory", p.pwd());
    }
    if (rt.context() != null) {
      Service.RuntimeContext c = rt.context();
      d.code("Command line", c.commandLineExample()).code("Threat file", c.threatFilePath())
          .code("Script", c.scriptPath()).code("Module", c.moduleName()).code("Tool", join(" ", c.toolCategory(), c.toolName()));
    }
    return d;
  }

  private static List<Details> sequence(Service.Sequence seq) {
    List<Details> out = new ArrayList<>();
    Details summary = new Details("Attack sequence")
        .text("Sequence", seq.description())
        .codes("Also matches", seq.additionalSequenceTypes());
    list(seq.sequenceIndicators()).stream().limit(Details.LIST_ITEMS).forEach(i ->
        summary.codes(firstPresent(SafeText.line(i.title(), 80), SafeText.line(i.key(), 80), "Indicator"), i.values()));
    summary.codes("Actors", list(seq.actors()).stream()
        .map(a -> a.user() == null ? a.id() : firstPresent(a.user().name(), a.user().uid(), a.id()))
        .collect(Collectors.toList()));
    summary.codes("Resources", list(seq.resources()).stream()
        .map(r -> join(" ", r.resourceType(), firstPresent(r.name(), r.uid(), null))).collect(Collectors.toList()));
    summary.codes("Endpoints", list(seq.endpoints()).stream()
        .map(e -> join(" ", firstPresent(e.ip(), e.domain(), e.id()), e.location() == null ? null : e.location().country()))
        .collect(Collectors.toList()));
    out.add(summary);
    List<Service.Signal> signals = list(seq.signals());
    if (!signals.isEmpty()) {
      Details d = new Details("Signals (" + signals.size() + ")");
      signals.stream().limit(Details.LIST_ITEMS).forEach(sig -> d.bullet(
          SafeText.line(firstPresent(sig.name(), sig.uid(), "signal"), 200)
              + (sig.type() == null ? "" : " \u00B7 " + SafeText.line(sig.type(), 40))
              + (sig.severity() == null ? "" : " \u00B7 severity " + sig.severity())
              + (sig.count() == null ? "" : " \u00B7 seen " + sig.count() + "\u00D7")));
      if (signals.size() > Details.LIST_ITEMS) {
        d.bullet("_" + (signals.size() - Details.LIST_ITEMS) + " more in the console_");
      }
      out.add(d);
    }
    return out;
  }

  private static Details accessKey(Resource.AccessKeyDetails k) {
    if (k == null) {
      return new Details("");
    }
    return new Details("Principal")
        .code("User", k.userName()).text("User type", k.userType())
        .code("Principal ID", k.principalId()).code("Access key", k.accessKeyId());
  }

  private static Details instance(Resource.InstanceDetails i) {
    if (i == null) {
      return new Details("");
    }
    Details d = new Details("EC2 instance")
        .code("Instance", i.instanceId()).code("Type", i.instanceType()).text("State", i.instanceState())
        .code("Image", join(" ", i.imageId(), i.imageDescription())).text("Platform", i.platform())
        .code("Availability zone", i.availabilityZone())
        .code("Instance profile", i.iamInstanceProfile() == null ? null : i.iamInstanceProfile().arn());
    List<Resource.NetworkInterface> nics = list(i.networkInterfaces());
    d.codes("Private IPs", nics.stream().map(Resource.NetworkInterface::privateIpAddress).collect(Collectors.toList()));
    d.codes("Public IPs", nics.stream().map(Resource.NetworkInterface::publicIp).collect(Collectors.toList()));
    d.codes("VPC", nics.stream().map(Resource.NetworkInterface::vpcId).distinct().collect(Collectors.toList()));
    d.codes("Tags", tags(i.tags()));
    return d;
  }

  private static List<Details> buckets(List<Resource.S3BucketDetail> buckets) {
    return list(buckets).stream().limit(3).map(b -> new Details("S3 bucket")
        .code("Bucket", b.name()).text("Role", b.type()).code("ARN", b.arn())
        .text("Public access", b.publicAccess() == null ? null : b.publicAccess().effectivePermission())
        .codes("Objects", list(b.s3ObjectDetails()).stream()
            .map(o -> firstPresent(o.key(), o.objectArn(), null)).collect(Collectors.toList()))
        .codes("Tags", tags(b.tags()))).collect(Collectors.toList());
  }

  private static Details eks(Resource.EksClusterDetails c, Resource.KubernetesDetails k) {
    Details d = new Details("Kubernetes");
    if (c != null) {
      d.code("EKS cluster", c.name()).text("Status", c.status()).code("VPC", c.vpcId()).codes("Tags", tags(c.tags()));
    }
    if (k != null && k.kubernetesUserDetails() != null) {
      Resource.KubernetesUserDetails u = k.kubernetesUserDetails();
      d.code("User", u.username()).codes("Groups", u.groups()).codes("Session", u.sessionName());
    }
    if (k != null && k.kubernetesWorkloadDetails() != null) {
      Resource.KubernetesWorkloadDetails w = k.kubernetesWorkloadDetails();
      d.code("Namespace", w.namespace()).code("Workload", join(" ", w.type(), w.name()))
          .code("Service account", w.serviceAccountName()).text("Host network", w.hostNetwork())
          .codes("Images", list(w.containers()).stream().map(Resource.Container::image).collect(Collectors.toList()));
      list(w.containers()).stream().filter(ct -> ct.securityContext() != null
          && Boolean.TRUE.equals(ct.securityContext().privileged())).findFirst()
          .ifPresent(ct -> d.code("Privileged container", firstPresent(ct.name(), ct.image(), "?")));
    }
    return d;
  }

  private static Details ecs(Resource.EcsClusterDetails c) {
    if (c == null) {
      return new Details("");
    }
    Details d = new Details("ECS").code("Cluster", firstPresent(c.name(), c.arn(), null)).text("Status", c.status());
    if (c.taskDetails() != null) {
      Resource.EcsTaskDetails t = c.taskDetails();
      d.code("Task", t.arn()).code("Task definition", t.definitionArn()).code("Started by", t.startedBy())
          .codes("Images", list(t.containers()).stream().map(Resource.Container::image).collect(Collectors.toList()));
    }
    return d.codes("Tags", tags(c.tags()));
  }

  private static Details container(String title, Resource.Container c) {
    if (c == null) {
      return new Details("");
    }
    return new Details(title).code("Name", c.name()).code("Image", c.image()).code("ID", c.id())
        .text("Runtime", c.containerRuntime())
        .text("Privileged", c.securityContext() == null ? null : c.securityContext().privileged());
  }

  private static Details lambda(Resource.LambdaDetails l) {
    if (l == null) {
      return new Details("");
    }
    return new Details("Lambda function").code("Function", firstPresent(l.functionName(), l.functionArn(), null))
        .code("Version", l.functionVersion()).code("Role", l.role()).codes("Tags", tags(l.tags()));
  }

  private static Details rds(Resource.RdsDbInstanceDetails db, Resource.RdsLimitlessDbDetails limitless,
                             Resource.RdsDbUserDetails user) {
    Details d = new Details("Database");
    if (db != null) {
      d.code("DB instance", db.dbInstanceIdentifier()).code("Cluster", db.dbClusterIdentifier())
          .text("Engine", join(" ", db.engine(), db.engineVersion())).codes("Tags", tags(db.tags()));
    }
    if (limitless != null) {
      d.code("Shard group", limitless.dbShardGroupIdentifier()).code("Cluster", limitless.dbClusterIdentifier())
          .text("Engine", join(" ", limitless.engine(), limitless.engineVersion())).codes("Tags", tags(limitless.tags()));
    }
    if (user != null) {
      d.code("DB user", user.user()).code("Application", user.application()).code("Database", user.database())
          .text("Authentication", user.authMethod()).text("SSL", user.ssl());
    }
    return d;
  }

  private static Details malware(Resource r, Service s) {
    Details d = new Details("Malware scan");
    if (s.ebsVolumeScanDetails() != null) {
      Service.EbsVolumeScanDetails scan = s.ebsVolumeScanDetails();
      d.code("Scan", scan.scanId()).text("Scan type", scan.scanType());
      Optional.ofNullable(scan.scanDetections()).map(Service.ScanDetections::threatDetectedByName)
          .map(Service.ThreatDetectedByName::threatNames).ifPresent(names -> names.stream().limit(Details.LIST_ITEMS)
              .forEach(t -> d.bullet(SafeText.code(firstPresent(t.name(), "?"), 200)
                  + (t.severity() == null ? "" : " \u00B7 " + SafeText.line(t.severity(), 20))
                  + (t.itemCount() == null ? "" : " \u00B7 " + t.itemCount() + " files")
                  + list(t.filePaths()).stream().findFirst().map(f -> " \u00B7 e.g. "
                      + SafeText.code(firstPresent(f.filePath(), f.fileName(), "?"), 300)).orElse(""))));
    }
    if (s.malwareScanDetails() != null) {
      Service.MalwareScanDetails scan = s.malwareScanDetails();
      d.code("Scan", scan.scanId()).text("Scan type", scan.scanType()).text("Unique threats", scan.uniqueThreatCount());
      list(scan.threats()).stream().limit(Details.LIST_ITEMS).forEach(t -> d.bullet(
          SafeText.code(firstPresent(t.name(), "?"), 200)
              + (t.count() == null ? "" : " \u00B7 " + t.count() + "\u00D7")
              + list(t.itemPaths()).stream().findFirst()
                  .map(p -> " \u00B7 " + SafeText.code(firstPresent(p.nestedItemPath(), "?"), 300)).orElse("")
              + list(t.itemDetails()).stream().findFirst()
                  .map(p -> " \u00B7 " + SafeText.code(firstPresent(p.itemPath(), p.resourceArn(), "?"), 300)).orElse("")));
    }
    if (r.ebsVolumeDetails() != null) {
      d.codes("Scanned volumes", list(r.ebsVolumeDetails().scannedVolumeDetails()).stream()
          .map(v -> firstPresent(v.deviceName(), v.volumeArn(), null)).collect(Collectors.toList()));
    }
    if (r.ebsSnapshotDetails() != null) {
      d.code("Snapshot", r.ebsSnapshotDetails().snapshotArn());
    }
    if (r.ec2ImageDetails() != null) {
      d.code("Image", r.ec2ImageDetails().imageArn());
    }
    if (r.recoveryPointDetails() != null) {
      d.code("Recovery point", r.recoveryPointDetails().recoveryPointArn())
          .code("Backup vault", r.recoveryPointDetails().backupVaultName());
    }
    return d;
  }

  private static Details evidence(Service.Evidence e) {
    Details d = new Details("Threat intelligence");
    if (e != null) {
      list(e.threatIntelligenceDetails()).stream().limit(Details.LIST_ITEMS).forEach(t ->
          d.code("List", t.threatListName()).codes("Threats", t.threatNames()).code("File SHA-256", t.threatFileSha256()));
    }
    return d;
  }

  private static List<String> tags(List<Tag> tags) {
    return list(tags).stream().filter(Objects::nonNull)
        .map(t -> Objects.toString(t.key(), "") + "=" + Objects.toString(t.value(), ""))
        .collect(Collectors.toList());
  }

  private static String port(Service.PortDetails p) {
    if (p == null || p.port() == null) {
      return null;
    }
    return p.port() + (Details.present(p.portName()) && !"Unknown".equalsIgnoreCase(p.portName()) ? " " + p.portName() : "");
  }

}
