package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stack's permissions as deployed: the template after the SAM transform (which adds managed policies to
 * roles it generates), every role's statements, actions and resources, for each configuration a user can
 * choose. The function may do its job; the secret seeder may only see and fill its one new secret. The
 * the list of permissions in docs/deploy.md must name exactly these actions.
 */
class LeastPrivilegeTest {
  private static final String EXISTING_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:webhooks-AbCdEf";
  private static final String SIGNING_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack-signing-AbCdEf";
  private static final Map<String, String> TRIAGE = Map.of("SlackSigningSecretArn", SIGNING_SECRET,
      "TriageUsers", "U0123ABCD,U0456EFGH", "SlackTeamId", "T0123ABCD");
  private static final String SECRET_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  /** One expected statement: its actions and resource (as the template writes it). */
  private record Grant(String sid, List<String> actions, String resource) {}

  static Stream<Arguments> configurations() {
    Grant log = new Grant("WriteItsOwnLog", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
        "{\"Fn::GetAtt\":[\"NotifierLogGroup\",\"Arn\"]}");
    Grant queue = new Grant("DrainItsOwnQueues", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
        "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"), "[{\"Fn::GetAtt\":[\"FindingsQueue\",\"Arn\"]},{\"Fn::GetAtt\":[\"UrgentFindingsQueue\",\"Arn\"]}]");
    List<String> secretActions = List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret");
    Grant createdSecret = new Grant("ReadTheWebhooksSecretOnly", secretActions, "{\"Ref\":\"WebhooksSecret\"}");
    Grant existingSecret = new Grant("ReadTheWebhooksSecretOnly", secretActions, "\"" + EXISTING_SECRET + "\"");
    Grant table = new Grant("ClaimAndRecordNotificationsOnly", List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem",
        "dynamodb:BatchGetItem"), "{\"Fn::GetAtt\":[\"NotifiedFindingsTable\",\"Arn\"]}");
    Grant triggers = new Grant("SendItsOwnDigestTriggers", List.of("sqs:SendMessage"),
        "{\"Fn::GetAtt\":[\"FindingsQueue\",\"Arn\"]}");
    Grant buttonKey = new Grant("ReadTheTriageButtonKeyOnly", List.of("secretsmanager:GetSecretValue"),
        "{\"Ref\":\"TriageButtonKey\"}");
    Grant key = new Grant("DecryptTheSecretThroughSecretsManagerOnly", List.of("kms:Decrypt"), "\"" + SECRET_KEY + "\"");
    List<Grant> seeder = List.of(
        new Grant("WriteItsOwnLog", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
            "{\"Fn::GetAtt\":[\"SecretSeederLogGroup\",\"Arn\"]}"),
        new Grant("FillTheNewWebhooksSecretOnly", List.of("secretsmanager:DescribeSecret",
            "secretsmanager:PutSecretValue"), "{\"Ref\":\"WebhooksSecret\"}"));
    List<Grant> triage = List.of(
        new Grant("WriteItsOwnLog", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
            "{\"Fn::GetAtt\":[\"TriageLogGroup\",\"Arn\"]}"),
        new Grant("TriageFindingsOnDetectors", List.of("guardduty:ArchiveFindings", "guardduty:UnarchiveFindings",
            "guardduty:UpdateFindingsFeedback"),
            "{\"Fn::Sub\":\"arn:${AWS::Partition}:guardduty:*:${AWS::AccountId}:detector/*\"}"),
        new Grant("FindItsOwnDetector", List.of("guardduty:ListDetectors"), "\"*\""),
        new Grant("ReadTheSigningSecretOnly", List.of("secretsmanager:GetSecretValue"), "\"" + SIGNING_SECRET + "\""),
        buttonKey,
        new Grant("RememberClicksOnly", List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem"),
            "{\"Fn::GetAtt\":[\"NotifiedFindingsTable\",\"Arn\"]}"));
    // Where the notifier remembers its messages, a click is handed on to its queue for the message's other copies.
    List<Grant> triageHandingOn = new ArrayList<>(triage);
    triageHandingOn.add(new Grant("HandClicksOnToTheNotifierOnly", List.of("sqs:SendMessage"),
        "{\"Fn::GetAtt\":[\"FindingsQueue\",\"Arn\"]}"));
    Map<String, String> triageWithoutState = new java.util.HashMap<>(TRIAGE);
    triageWithoutState.putAll(Map.of("Deduplication", "Disabled", "StormThreshold", "0"));
    return Stream.of(
        Arguments.of("triage from Slack", TRIAGE, Map.of("NotifierRole", List.of(log, queue, createdSecret, buttonKey,
            table, triggers), "SecretSeederRole", seeder, "TriageRole", triageHandingOn)),
        // The table exists for triage's clicks alone; the notifier still may not touch it.
        Arguments.of("triage, without deduplication or storm guard", triageWithoutState, Map.of("NotifierRole",
            List.of(log, queue, createdSecret, buttonKey), "SecretSeederRole", seeder, "TriageRole", triage)),
        Arguments.of("defaults", Map.of(), Map.of("NotifierRole", List.of(log, queue, createdSecret, table, triggers),
            "SecretSeederRole", seeder)),
        // App mode's console changes come through the queue the notifier drains, and its living messages live in
        // the table it already claims in: no permission more.
        Arguments.of("following console changes", Map.of("FollowConsoleChanges", "Yes"), Map.of("NotifierRole",
            List.of(log, queue, createdSecret, table, triggers), "SecretSeederRole", seeder)),
        Arguments.of("deduplication disabled, storm guard on", Map.of("Deduplication", "Disabled"),
            Map.of("NotifierRole", List.of(log, queue, createdSecret, table, triggers), "SecretSeederRole", seeder)),
        Arguments.of("deduplication and storm guard off", Map.of("Deduplication", "Disabled", "StormThreshold", "0"),
            Map.of("NotifierRole", List.of(log, queue, createdSecret), "SecretSeederRole", seeder)),
        Arguments.of("storm guard off, digests of LOW", Map.of("StormThreshold", "0", "DigestBands", "LOW"),
            Map.of("NotifierRole", List.of(log, queue, createdSecret, table, triggers), "SecretSeederRole", seeder)),
        Arguments.of("existing secret with its own key", Map.of("ExistingWebhooksSecretArn", EXISTING_SECRET,
            "ExistingWebhooksSecretKmsKeyArn", SECRET_KEY, "WebhookUrl", "-"),
            Map.of("NotifierRole", List.of(log, queue, existingSecret, table, triggers, key))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void eachRoleMayDoExactlyItsJobAfterTheSamTransform(String name, Map<String, String> parameters,
                                                      Map<String, List<Grant>> expected) {
    Template deployed = SamTransform.transform("template.yaml", parameters);
    Map<String, JsonNode> roles = new java.util.TreeMap<>();
    deployed.resourcesOfType("AWS::IAM::Role").forEach((id, role) -> {
      if (!role.has("Condition") || deployed.condition(role.path("Condition").asText(), parameters)) {
        roles.put(id, role);
      }
    });
    assertThat(roles.keySet()).as("only the roles the template writes out").isEqualTo(expected.keySet());
    assertThat(deployed.resourcesOfType("AWS::IAM::Policy")).isEmpty();
    assertThat(deployed.resourcesOfType("AWS::IAM::ManagedPolicy")).isEmpty();
    assertThat(deployed.resource("NotifierFunction").at("/Properties/Role").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"NotifierRole\",\"Arn\"]}");
    expected.forEach((id, grants) -> assertThat(grants(deployed.evaluate(roles.get(id).path("Properties"),
        parameters))).as(id).containsExactlyElementsOf(grants));
  }

  private static List<Grant> grants(JsonNode role) {
    assertThat(role.has("ManagedPolicyArns")).as("no managed policy (they grant on *)").isFalse();
    assertThat(role.at("/AssumeRolePolicyDocument/Statement").toString())
        .isEqualTo("[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]");

    List<Grant> actual = new ArrayList<>();
    for (JsonNode policy : role.path("Policies")) {
      for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
          action.forEach(a -> actions.add(a.asText()));
        } else {
          actions.add(action.asText());
        }
        String sid = statement.path("Sid").asText();
        actual.add(new Grant(sid, actions, statement.path("Resource").toString()));
        // Two documented exceptions: ListDetectors has no resource type (Service Authorization Reference,
        // Amazon GuardDuty), and a finding of any region is acted on through that region's detector.
        if (!sid.equals("FindItsOwnDetector") && !sid.equals("TriageFindingsOnDetectors")) {
          assertThat(statement.path("Resource").toString()).doesNotContain("*\"");
        }
        if (sid.equals("RememberClicksOnly")) {
          assertThat(statement.at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString())
              .as("triage writes only its own items").isEqualTo("[\"triage#*\"]");
        } else if (sid.startsWith("Decrypt")) {
          assertThat(statement.at("/Condition/StringEquals/kms:ViaService").toString())
              .contains("secretsmanager.${AWS::Region}.amazonaws.com");
        } else {
          assertThat(statement.has("Condition")).isFalse();
        }
      }
    }
    return actual;
  }

  @Test
  void theReadmeListsExactlyTheseActions() {
    Set<String> granted = new TreeSet<>();
    configurations().forEach(args -> {
      @SuppressWarnings("unchecked")
      Map<String, List<Grant>> roles = (Map<String, List<Grant>>) args.get()[2];
      roles.values().forEach(grants -> grants.forEach(g -> granted.addAll(g.actions())));
    });
    String section = Readme.section(Readme.doc("deploy.md"), "## Permissions");
    Set<String> listed = new TreeSet<>();
    section.lines().filter(l -> l.startsWith("| `")).forEach(row -> {
      Matcher m = Pattern.compile("`([a-z0-9-]+:[A-Za-z*]+)`").matcher(row.split("\\|")[1]);
      while (m.find()) {
        listed.add(m.group(1));
      }
    });
    assertThat(listed).isEqualTo(granted);
  }


}
