package dev.guarddutyslack.guardduty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of resource a finding names, each described once: where its details are in
 * {@code resource}, which of its values identifies it, and its tags. The order of the constants is the order
 * in which a message shows their details; {@link #named} has its own order of preference.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Resource.html">Resource</a>
 */
public enum ResourceKind {
  ACCESS_KEY(9, "accessKeyDetails", "userName"),
  INSTANCE(1, "instanceDetails", "instanceId"),
  S3_BUCKET(7, "s3BucketDetails", "name"),
  EKS_CLUSTER(2, "eksClusterDetails", "name"),
  KUBERNETES(0, "kubernetesDetails"),
  ECS_CLUSTER(3, "ecsClusterDetails", "name"),
  CONTAINER(8, "containerDetails", "name", "image"),
  LAMBDA_FUNCTION(4, "lambdaDetails", "functionName"),
  RDS_INSTANCE(5, "rdsDbInstanceDetails", "dbInstanceIdentifier"),
  RDS_LIMITLESS(6, "rdsLimitlessDbDetails", "dbShardGroupIdentifier"),
  RDS_USER(0, "rdsDbUserDetails"),
  EBS_VOLUMES(0, "ebsVolumeDetails"),
  EBS_SNAPSHOT(0, "ebsSnapshotDetails"),
  EC2_IMAGE(0, "ec2ImageDetails"),
  RECOVERY_POINT(0, "recoveryPointDetails"),
  /** The foundation models an AI Protection finding's calls invoked. */
  AI_MODEL(0, "modelDetails", "modelId"),
  /** The Bedrock guardrail that judged those calls, and the content filters that fired. */
  BEDROCK_GUARDRAIL(0, "bedrockGuardrailDetails");

  private static final List<ResourceKind> BY_NAMING_PREFERENCE = Arrays.stream(values())
      .filter(k -> k.naming > 0).sorted(Comparator.comparingInt(k -> k.naming)).toList();
  private final int naming;
  private final String field;
  private final List<String> identifiers;

  /**
   * @param naming the rank of this kind when a message names a finding's resource by one identifier (1 first),
   *     0 when it never does
   */
  ResourceKind(int naming, String field, String... identifiers) {
    this.naming = naming;
    this.field = field;
    this.identifiers = List.of(identifiers);
  }

  /** The field of a finding's {@code resource} that holds this kind's details. */
  public String field() {
    return field;
  }

  /** This kind's details in a finding's {@code resource}; {@link Node#ABSENT} when it has none. */
  public Node in(Node resource) {
    for (Node node : resource.nodes(field)) {
      if (node.isPresent()) {
        return node;
      }
    }
    return Node.ABSENT;
  }

  /** Every resource of this kind (S3 findings name several buckets). */
  public List<Node> all(Node resource) {
    List<Node> nodes = resource.nodes(field);
    return nodes.isEmpty() ? nodes : nodes.stream().filter(Node::isPresent).toList();
  }

  /** What names one resource of this kind: its first identifier that is there. */
  public Optional<String> id(Node details) {
    for (String identifier : identifiers) {
      String value = details.text(identifier);
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** The kind and identifier of the resource a message names the finding's resource by, if any. */
  public static Optional<Named> named(Node resource) {
    for (ResourceKind kind : BY_NAMING_PREFERENCE) {
      Node details = kind.in(resource);
      Optional<String> id = kind.id(details);
      if (id.isPresent()) {
        return Optional.of(new Named(kind, id.get()));
      }
    }
    return Optional.empty();
  }

  /** A resource as a message names it. */
  public record Named(ResourceKind kind, String id) {}

  /** One tag of a resource, as GuardDuty lists them ({@code [{"key":…,"value":…}]}). */
  public record Tag(String key, String value) {}

  /** The tags of one resource of this kind. */
  public static List<Tag> tags(Node details) {
    List<Tag> tags = new ArrayList<>();
    for (Node tag : details.nodes("tags")) {
      tags.add(new Tag(tag.text("key"), tag.text("value")));
    }
    return tags;
  }

  /** Every tag of every resource the finding names: the instance's, each bucket's, the cluster's, … */
  public static List<Tag> allTags(Node resource) {
    List<Tag> tags = new ArrayList<>();
    for (ResourceKind kind : values()) {
      for (Node details : kind.all(resource)) {
        tags.addAll(tags(details));
      }
    }
    return tags;
  }
}
