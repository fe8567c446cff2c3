package dev.guarddutyslack.format;

import static dev.guarddutyslack.format.Details.firstPresent;
import static dev.guarddutyslack.format.Details.join;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Node;
import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.slack.Mrkdwn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
    Node r = finding.resource();
    Node s = finding.service();
    List<Details> out = new ArrayList<>();
    Node sequence = s.node("detection").node("sequence");
    if (sequence.isPresent()) {
      out.addAll(sequence(sequence));
    }
    out.addAll(action(s.node("action")));
    out.add(runtime(s.node("runtimeDetails")));
    for (ResourceKind kind : ResourceKind.values()) {
      out.addAll(resource(kind, r));
    }
    out.add(malware(r, s));
    out.add(evidence(s.node("evidence")));
    return out;
  }

  /**
   * The details of the resources of one kind. Every kind has its case (the compiler checks), so a kind added
   * to {@link ResourceKind} is shown, or says here why it is shown elsewhere.
   */
  private static List<Details> resource(ResourceKind kind, Node r) {
    return switch (kind) {
      case ACCESS_KEY -> ifPresent(kind.in(r), FindingDetails::accessKey);
      case INSTANCE -> ifPresent(kind.in(r), FindingDetails::instance);
      case S3_BUCKET -> buckets(kind.all(r));
      case EKS_CLUSTER -> List.of(eks(kind.in(r), ResourceKind.KUBERNETES.in(r)));
      case ECS_CLUSTER -> ifPresent(kind.in(r), FindingDetails::ecs);
      case CONTAINER -> ifPresent(kind.in(r), FindingDetails::container);
      case LAMBDA_FUNCTION -> ifPresent(kind.in(r), FindingDetails::lambda);
      case RDS_INSTANCE -> List.of(rds(kind.in(r), ResourceKind.RDS_LIMITLESS.in(r), ResourceKind.RDS_USER.in(r)));
      // shown with the EKS cluster and the DB instance
      case KUBERNETES, RDS_LIMITLESS, RDS_USER -> List.of();
      // what a malware scan looked at: shown with the scan
      case EBS_VOLUMES, EBS_SNAPSHOT, EC2_IMAGE, RECOVERY_POINT -> List.of();
      case AI_MODEL -> models(kind.all(r));
      case BEDROCK_GUARDRAIL -> ifPresent(kind.in(r), FindingDetails::guardrail);
    };
  }

  /** The section of a resource the finding has; none (and nothing built) for one it has not. */
  private static List<Details> ifPresent(Node node, java.util.function.Function<Node, Details> section) {
    return node.isPresent() ? List.of(section.apply(node)) : List.of();
  }

  private static List<Details> action(Node a) {
    List<Details> out = new ArrayList<>();
    Node api = a.node("awsApiCallAction");
    if (api.isPresent()) {
      Details d = new Details("API call")
          .code("API", join(":", api.text("serviceName"), api.text("api")))
          .text("Caller type", api.text("callerType"))
          .code("Error code", api.text("errorCode"))
          .code("User agent", api.text("userAgent"))
          .code("Domain", api.node("domainDetails").text("domain"));
      Node remoteAccount = api.node("remoteAccountDetails");
      if (remoteAccount.isPresent()) {
        d.code("Remote account", remoteAccount.text("accountId")).text("Affiliated", remoteAccount.bool("affiliated"));
      }
      d.codes("Affected resources", api.node("affectedResources").entries());
      remoteIp(d, api.node("remoteIpDetails"));
      out.add(d);
    }
    Node dns = a.node("dnsRequestAction");
    if (dns.isPresent()) {
      out.add(new Details("DNS request")
          .code("Domain", dns.text("domain"))
          .code("Domain with suffix", dns.text("domainWithSuffix"))
          .text("Protocol", dns.text("protocol"))
          .code("VPC owner", dns.text("vpcOwnerAccountId"))
          .text("Blocked", dns.bool("blocked")));
    }
    Node net = a.node("networkConnectionAction");
    if (net.isPresent()) {
      Node local = net.node("localIpDetails");
      Details d = new Details("Network connection")
          .text("Direction", net.text("connectionDirection"))
          .text("Protocol", net.text("protocol"))
          .code("Local port", port(net.node("localPortDetails")))
          .code("Remote port", port(net.node("remotePortDetails")))
          .code("Local IP", firstPresent(local.text("ipAddressV4"), local.text("ipAddressV6"), null))
          .text("Blocked", net.bool("blocked"));
      remoteIp(d, net.node("remoteIpDetails"));
      out.add(d);
    }
    Node probe = a.node("portProbeAction");
    if (probe.isPresent()) {
      Details d = new Details("Port probe").text("Blocked", probe.bool("blocked"));
      probe.nodes("portProbeDetails").stream().limit(Details.LIST_ITEMS).forEach(p -> {
        Node ip = p.node("remoteIpDetails");
        Mrkdwn line = Mrkdwn.ours("port ").plus(Mrkdwn.code(Objects.toString(port(p.node("localPortDetails")), "?"),
            Details.SHORT));
        d.bullet(ip.isPresent() ? line.plus(Mrkdwn.ours(" from ")).plus(ipText(ip)) : line);
      });
      out.add(d);
    }
    Node k8s = a.node("kubernetesApiCallAction");
    if (k8s.isPresent()) {
      Details d = new Details("Kubernetes API call")
          .code("Verb", k8s.text("verb"))
          .code("Request URI", k8s.text("requestUri"))
          .code("Namespace", k8s.text("namespace"))
          .code("Resource", join("/", k8s.text("resource"), k8s.text("resourceName"), k8s.text("subresource")))
          .text("Status code", k8s.integer("statusCode"))
          .codes("Source IPs", k8s.texts("sourceIps"))
          .code("User agent", k8s.text("userAgent"));
      remoteIp(d, k8s.node("remoteIpDetails"));
      out.add(d);
    }
    Node permission = a.node("kubernetesPermissionCheckedDetails");
    if (permission.isPresent()) {
      out.add(new Details("Kubernetes permission checked")
          .code("Verb", permission.text("verb")).code("Resource", permission.text("resource"))
          .code("Namespace", permission.text("namespace")).text("Allowed", permission.bool("allowed")));
    }
    Node binding = a.node("kubernetesRoleBindingDetails");
    if (binding.isPresent()) {
      out.add(new Details("Kubernetes role binding")
          .code("Binding", join(" ", binding.text("kind"), binding.text("name")))
          .code("Role", join(" ", binding.text("roleRefKind"), binding.text("roleRefName"))));
    }
    Node role = a.node("kubernetesRoleDetails");
    if (role.isPresent()) {
      out.add(new Details("Kubernetes role").code("Role", join(" ", role.text("kind"), role.text("name"))));
    }
    Node logins = a.node("rdsLoginAttemptAction");
    if (logins.isPresent()) {
      Details d = new Details("Database login attempts");
      remoteIp(d, logins.node("remoteIpDetails"));
      logins.nodes("loginAttributes").stream().limit(Details.LIST_ITEMS).forEach(l -> d.bullet(
          Mrkdwn.code(firstPresent(l.text("user"), "?"), Details.NAME).plus(Mrkdwn.ours(" via "))
              .plus(Mrkdwn.code(firstPresent(l.text("application"), "?"), Details.NAME)).plus(Mrkdwn.ours(": "))
              .plus(count(l.integer("failedLoginAttempts"))).plus(Mrkdwn.ours(" failed, "))
              .plus(count(l.integer("successfulLoginAttempts"))).plus(Mrkdwn.ours(" succeeded"))));
      out.add(d);
    }
    return out;
  }

  private static void remoteIp(Details d, Node ip) {
    if (!ip.isPresent()) {
      return;
    }
    d.code("Remote IP", firstPresent(ip.text("ipAddressV4"), ip.text("ipAddressV6"), null));
    Node country = ip.node("country");
    d.text("Location", join(", ", ip.node("city").text("cityName"),
        firstPresent(country.text("countryName"), country.text("countryCode"), null)));
    Node o = ip.node("organization");
    if (o.isPresent()) {
      String asn = o.text("asn") == null || o.text("asn").equals("-1") ? null : "AS" + o.text("asn");
      d.text("Organization", join(" \u00B7 ", firstPresent(o.text("org"), o.text("asnOrg"), null), o.text("isp"), asn));
    }
  }

  private static Mrkdwn ipText(Node ip) {
    Node o = ip.node("organization");
    String where = join(", ", ip.node("country").text("countryName"), firstPresent(o.text("org"), o.text("asnOrg"), null));
    Mrkdwn address = Mrkdwn.code(firstPresent(ip.text("ipAddressV4"), ip.text("ipAddressV6"), "?"), Details.SHORT);
    return where == null ? address
        : address.plus(Mrkdwn.ours(" (")).plus(Mrkdwn.line(where, Details.ITEM)).plus(Mrkdwn.ours(")"));
  }

  /** A count a finding gives, 0 when it gives none. */
  private static Mrkdwn count(Long value) {
    return Mrkdwn.number(value == null ? 0 : value);
  }

  /** {@code " · "} and a part, when there is one. */
  private static Mrkdwn then(Mrkdwn part) {
    return part.isEmpty() ? part : Mrkdwn.ours(" \u00B7 ").plus(part);
  }

  private static Details runtime(Node rt) {
    Details d = new Details("Runtime process");
    Node p = rt.node("process");
    d.code("Process", p.text("name")).code("Executable", p.text("executablePath"))
        .code("SHA-256", p.text("executableSha256")).text("PID", p.integer("pid")).code("User", p.text("user"))
        .code("Working directory", p.text("pwd"));
    Node c = rt.node("context");
    d.code("Command line", c.text("commandLineExample")).code("Threat file", c.text("threatFilePath"))
        .code("Script", c.text("scriptPath")).code("Module", c.text("moduleName"))
        .code("Tool", join(" ", c.text("toolCategory"), c.text("toolName")))
        .code("File", c.text("filePath")).text("File operation", c.text("fileOperation"));
    return d;
  }

  private static List<Details> sequence(Node seq) {
    List<Details> out = new ArrayList<>();
    Details summary = new Details("Attack sequence")
        .text("Sequence", seq.text("description"))
        .codes("Also matches", seq.texts("additionalSequenceTypes"));
    seq.nodes("sequenceIndicators").stream().limit(Details.LIST_ITEMS).forEach(i -> summary.codes(
        firstPresent(i.text("title"), i.text("key"), "Indicator"), i.texts("values")));
    summary.codes("Actors", seq.nodes("actors").stream().map(a -> {
      Node user = a.node("user");
      return user.isPresent() ? firstPresent(user.text("name"), user.text("uid"), a.text("id")) : a.text("id");
    }).collect(Collectors.toList()));
    List<Node> resources = seq.nodes("resources");
    summary.codes("Endpoints", seq.nodes("endpoints").stream()
        .map(e -> join(" ", firstPresent(e.text("ip"), e.text("domain"), e.text("id")), e.node("location").text("country")))
        .collect(Collectors.toList()));
    out.add(summary);
    if (!resources.isEmpty()) {
      Details d = new Details("Resources (" + resources.size() + ")");
      resources.stream().limit(Details.LIST_ITEMS).forEach(res -> d.bullet(sequenceResource(res)));
      more(d, resources.size());
      out.add(d);
    }
    // The findings among the signals have blocks of their own (Constituents); the rest is activity.
    List<Node> signals = seq.nodes("signals").stream().filter(sig -> !Constituents.isFinding(sig)).toList();
    if (!signals.isEmpty()) {
      Details d = new Details("Activity signals (" + signals.size() + ")");
      signals.stream().limit(Details.LIST_ITEMS).forEach(sig -> d.bullet(
          Mrkdwn.line(firstPresent(sig.text("name"), sig.text("uid"), "signal"), Details.ITEM)
              .plus(then(sig.text("type") == null ? Mrkdwn.EMPTY : Mrkdwn.line(sig.text("type"), Details.SHORT)))
              .plus(then(sig.number("severity") == null ? Mrkdwn.EMPTY
                  : Mrkdwn.ours("severity ").plus(Mrkdwn.line(String.valueOf(sig.number("severity")), Details.SHORT))))
              .plus(then(sig.integer("count") == null ? Mrkdwn.EMPTY
                  : Mrkdwn.ours("seen ").plus(Mrkdwn.number(sig.integer("count"))).plus(Mrkdwn.ours("\u00D7"))))));
      more(d, signals.size());
      out.add(d);
    }
    return out;
  }

  /** "N more in the console", when a list had more than a section shows. */
  private static void more(Details d, int size) {
    if (size > Details.LIST_ITEMS) {
      d.bullet(Mrkdwn.ours("_").plus(Mrkdwn.number(size - Details.LIST_ITEMS)).plus(Mrkdwn.ours(" more in the console_")));
    }
  }

  /**
   * One resource of an attack sequence: its type, what names it, and the fact that tells most about it (the
   * instance type, the task's launch type, the workload's namespace, the container's image, how many instances an
   * Auto Scaling group, launch template or stack holds).
   */
  private static Mrkdwn sequenceResource(Node res) {
    Node data = res.node("data");
    Node workload = data.node("kubernetesWorkload");
    Node task = data.node("ecsTask");
    Node template = data.node("ec2LaunchTemplate");
    Mrkdwn fact = switch (Objects.toString(res.text("resourceType"), "")) {
      case "EC2_INSTANCE" -> code(data.node("ec2Instance").text("instanceType"));
      case "ECS_TASK" -> line(task.text("launchType")).plus(then(code(task.text("taskDefinitionArn"))));
      case "ECS_CLUSTER" -> line(data.node("ecsCluster").text("status"));
      case "EKS_CLUSTER" -> line(data.node("eksCluster").text("status"));
      case "KUBERNETES_WORKLOAD" -> line(workload.text("type")).plus(workload.text("namespace") == null ? Mrkdwn.EMPTY
          : Mrkdwn.ours(" in ").plus(code(workload.text("namespace"))));
      case "CONTAINER" -> code(data.node("container").text("image"));
      case "S3_OBJECT" -> code(data.node("s3Object").text("key"));
      case "AUTOSCALING_AUTO_SCALING_GROUP" -> instances(data.node("autoscalingAutoScalingGroup"));
      case "EC2_LAUNCH_TEMPLATE" -> (template.text("version") == null ? Mrkdwn.EMPTY
          : Mrkdwn.ours("version ").plus(line(template.text("version")))).plus(then(instances(template)));
      case "CLOUDFORMATION_STACK" -> instances(data.node("cloudformationStack"));
      default -> Mrkdwn.EMPTY;
    };
    Mrkdwn line = Mrkdwn.code(firstPresent(res.text("resourceType"), "resource"), Details.SHORT).plus(Mrkdwn.ours(" "))
        .plus(Mrkdwn.code(firstPresent(res.text("name"), res.text("uid"), "?"), Details.ITEM));
    return line.plus(then(fact));
  }

  /** A value of a finding as code, or nothing. */
  private static Mrkdwn code(String value) {
    return value == null ? Mrkdwn.EMPTY : Mrkdwn.code(value, Details.ITEM);
  }

  /** A value of a finding as a line of text, or nothing. */
  private static Mrkdwn line(String value) {
    return value == null ? Mrkdwn.EMPTY : Mrkdwn.line(value, Details.SHORT);
  }

  /** "3 instances", from a resource's {@code ec2InstanceUids}. */
  private static Mrkdwn instances(Node data) {
    int n = data.texts("ec2InstanceUids").size();
    return n == 0 ? Mrkdwn.EMPTY
        : Mrkdwn.number(n).plus(n == 1 ? Mrkdwn.ours(" instance") : Mrkdwn.ours(" instances"));
  }

  private static List<Details> models(List<Node> models) {
    if (models.isEmpty()) {
      return List.of();
    }
    return List.of(new Details("AI model").codes("Models", models.stream().map(m -> m.text("modelId"))
        .collect(Collectors.toList())));
  }

  private static Details guardrail(Node g) {
    Details d = new Details("Bedrock guardrail")
        .codes("Guardrails", g.nodes("guardrails").stream()
            .map(x -> join(" v", x.text("arn"), x.text("version"))).collect(Collectors.toList()))
        .text("Action", g.text("guardrailAction")).text("Source", g.text("guardrailSource"));
    g.nodes("contentPolicyFilters").stream().limit(Details.LIST_ITEMS).forEach(f -> d.bullet(
        Mrkdwn.code(firstPresent(f.text("type"), "filter"), Details.SHORT)
            .plus(then(f.text("confidence") == null ? Mrkdwn.EMPTY
                : Mrkdwn.ours("confidence ").plus(Mrkdwn.line(f.text("confidence"), Details.SHORT))))
            .plus(then(f.text("action") == null ? Mrkdwn.EMPTY : Mrkdwn.line(f.text("action"), Details.SHORT)))));
    return d;
  }

  private static Details accessKey(Node k) {
    return new Details("Principal")
        .code("User", k.text("userName")).text("User type", k.text("userType"))
        .code("Principal ID", k.text("principalId")).code("Access key", k.text("accessKeyId"));
  }

  private static Details instance(Node i) {
    Details d = new Details("EC2 instance")
        .code("Instance", i.text("instanceId")).code("Type", i.text("instanceType")).text("State", i.text("instanceState"))
        .code("Image", join(" ", i.text("imageId"), i.text("imageDescription"))).text("Platform", i.text("platform"))
        .code("Availability zone", i.text("availabilityZone"))
        .code("Instance profile", i.node("iamInstanceProfile").text("arn"));
    List<String> privateIps = new ArrayList<>();
    List<String> publicIps = new ArrayList<>();
    java.util.Set<String> vpcs = new java.util.LinkedHashSet<>();
    for (Node nic : i.nodes("networkInterfaces")) {
      privateIps.add(nic.text("privateIpAddress"));
      publicIps.add(nic.text("publicIp"));
      vpcs.add(nic.text("vpcId"));
    }
    d.codes("Private IPs", privateIps);
    d.codes("Public IPs", publicIps);
    d.codes("VPC", vpcs);
    d.codes("Tags", tags(i));
    return d;
  }

  private static List<Details> buckets(List<Node> buckets) {
    return buckets.stream().limit(3).map(b -> new Details("S3 bucket")
        .code("Bucket", b.text("name")).text("Role", b.text("type")).code("ARN", b.text("arn"))
        .text("Public access", b.node("publicAccess").text("effectivePermission"))
        .codes("Objects", b.nodes("s3ObjectDetails").stream()
            .map(o -> firstPresent(o.text("key"), o.text("objectArn"), null)).collect(Collectors.toList()))
        .codes("Tags", tags(b))).collect(Collectors.toList());
  }

  private static Details eks(Node c, Node k) {
    Details d = new Details("Kubernetes");
    d.code("EKS cluster", c.text("name")).text("Status", c.text("status")).code("VPC", c.text("vpcId"))
        .codes("Tags", tags(c));
    Node u = k.node("kubernetesUserDetails");
    d.code("User", u.text("username")).codes("Groups", u.texts("groups")).codes("Session", u.texts("sessionName"));
    Node w = k.node("kubernetesWorkloadDetails");
    if (w.isPresent()) {
      List<Node> containers = w.nodes("containers");
      d.code("Namespace", w.text("namespace")).code("Workload", join(" ", w.text("type"), w.text("name")))
          .code("Service account", w.text("serviceAccountName")).text("Host network", w.bool("hostNetwork"))
          .codes("Images", containers.stream().map(ct -> ct.text("image")).collect(Collectors.toList()));
      containers.stream().filter(ct -> Boolean.TRUE.equals(ct.node("securityContext").bool("privileged"))).findFirst()
          .ifPresent(ct -> d.code("Privileged container", firstPresent(ct.text("name"), ct.text("image"), "?")));
    }
    return d;
  }

  private static Details ecs(Node c) {
    Details d = new Details("ECS").code("Cluster", firstPresent(c.text("name"), c.text("arn"), null))
        .text("Status", c.text("status"));
    Node t = c.node("taskDetails");
    d.code("Task", t.text("arn")).code("Task definition", t.text("definitionArn")).text("Launch type", t.text("launchType"))
        .code("Started by", t.text("startedBy"))
        .codes("Images", t.nodes("containers").stream().map(ct -> ct.text("image")).collect(Collectors.toList()));
    return d.codes("Tags", tags(c));
  }

  private static Details container(Node c) {
    return new Details("Container").code("Name", c.text("name")).code("Image", c.text("image")).code("ID", c.text("id"))
        .text("Runtime", c.text("containerRuntime"))
        .text("Privileged", c.node("securityContext").bool("privileged"));
  }

  private static Details lambda(Node l) {
    return new Details("Lambda function").code("Function", firstPresent(l.text("functionName"), l.text("functionArn"), null))
        .code("Version", l.text("functionVersion")).code("Role", l.text("role")).codes("Tags", tags(l));
  }

  private static Details rds(Node db, Node limitless, Node user) {
    Details d = new Details("Database");
    d.code("DB instance", db.text("dbInstanceIdentifier")).code("Resource ID", db.text("dbiResourceId"))
        .code("Cluster", db.text("dbClusterIdentifier"))
        .text("Engine", join(" ", db.text("engine"), db.text("engineVersion"))).codes("Tags", tags(db));
    d.code("Shard group", limitless.text("dbShardGroupIdentifier")).code("Cluster", limitless.text("dbClusterIdentifier"))
        .text("Engine", join(" ", limitless.text("engine"), limitless.text("engineVersion")))
        .codes("Tags", tags(limitless));
    d.code("DB user", user.text("user")).code("Application", user.text("application"))
        .code("Database", user.text("database")).text("Authentication", user.text("authMethod"))
        .text("SSL", user.text("ssl"));
    return d;
  }

  private static Details malware(Node r, Node s) {
    Details d = new Details("Malware scan");
    Node ebsScan = s.node("ebsVolumeScanDetails");
    if (ebsScan.isPresent()) {
      d.code("Scan", ebsScan.text("scanId")).text("Scan type", ebsScan.text("scanType"));
      ebsScan.node("scanDetections").node("threatDetectedByName").nodes("threatNames").stream()
          .limit(Details.LIST_ITEMS)
          .forEach(t -> d.bullet(Mrkdwn.code(firstPresent(t.text("name"), "?"), Details.ITEM)
              .plus(then(t.text("severity") == null ? Mrkdwn.EMPTY : Mrkdwn.line(t.text("severity"), Details.SHORT)))
              .plus(then(t.integer("itemCount") == null ? Mrkdwn.EMPTY
                  : Mrkdwn.number(t.integer("itemCount")).plus(Mrkdwn.ours(" files"))))
              .plus(then(t.nodes("filePaths").stream().findFirst().map(f -> Mrkdwn.ours("e.g. ").plus(
                  Mrkdwn.code(firstPresent(f.text("filePath"), f.text("fileName"), "?"), Details.ITEM)))
                  .orElse(Mrkdwn.EMPTY)))));
    }
    Node scan = s.node("malwareScanDetails");
    if (scan.isPresent()) {
      d.code("Scan", scan.text("scanId")).text("Scan type", join(" \u00B7 ", scan.text("scanType"),
              scan.text("scanCategory"))).text("Unique threats", scan.integer("uniqueThreatCount"));
      scan.nodes("threats").stream().limit(Details.LIST_ITEMS).forEach(t -> d.bullet(
          Mrkdwn.code(firstPresent(t.text("name"), "?"), Details.ITEM)
              .plus(then(t.integer("count") == null ? Mrkdwn.EMPTY
                  : Mrkdwn.number(t.integer("count")).plus(Mrkdwn.ours("\u00D7"))))
              .plus(then(t.nodes("itemPaths").stream().findFirst()
                  .map(p -> Mrkdwn.code(firstPresent(p.text("nestedItemPath"), "?"), Details.ITEM)).orElse(Mrkdwn.EMPTY)))
              .plus(then(t.nodes("itemDetails").stream().findFirst()
                  .map(p -> Mrkdwn.code(firstPresent(p.text("itemPath"), p.text("resourceArn"), "?"), Details.ITEM))
                  .orElse(Mrkdwn.EMPTY)))));
    }
    d.codes("Scanned volumes", ResourceKind.EBS_VOLUMES.in(r).nodes("scannedVolumeDetails").stream()
        .map(v -> firstPresent(v.text("deviceName"), v.text("volumeArn"), null)).collect(Collectors.toList()));
    d.code("Snapshot", ResourceKind.EBS_SNAPSHOT.in(r).text("snapshotArn"));
    d.code("Image", ResourceKind.EC2_IMAGE.in(r).text("imageArn"));
    Node recovery = ResourceKind.RECOVERY_POINT.in(r);
    Node continuous = recovery.node("continuousScanDetails");
    d.code("Recovery point", recovery.text("recoveryPointArn")).code("Backup vault", recovery.text("backupVaultName"))
        .text("Scanned window", join(" \u2013 ", continuous.text("startTime") == null ? null
            : Timestamps.display(continuous.text("startTime")), continuous.text("endTime") == null ? null
            : Timestamps.display(continuous.text("endTime"))));
    return d;
  }

  private static Details evidence(Node e) {
    Details d = new Details("Threat intelligence");
    e.nodes("threatIntelligenceDetails").stream().limit(Details.LIST_ITEMS).forEach(t ->
        d.code("List", t.text("threatListName")).codes("Threats", t.texts("threatNames"))
            .code("File SHA-256", t.text("threatFileSha256")));
    return d;
  }

  /** A resource's tags as {@code key=value}. */
  private static List<String> tags(Node resource) {
    return ResourceKind.tags(resource).stream()
        .map(t -> Objects.toString(t.key(), "") + "=" + Objects.toString(t.value(), ""))
        .collect(Collectors.toList());
  }

  private static String port(Node p) {
    Long port = p.integer("port");
    if (port == null) {
      return null;
    }
    String name = p.text("portName");
    return port + (name != null && !"Unknown".equalsIgnoreCase(name) ? " " + name : "");
  }
}
