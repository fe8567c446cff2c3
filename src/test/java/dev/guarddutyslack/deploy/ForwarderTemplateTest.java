package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.Template;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code forwarder.yaml}, the stack for GuardDuty's other regions, as CloudFormation deploys it: after the
 * SAM translator (which leaves a template without serverless resources as it is, and would add managed
 * policies to any role it generated), with the pseudo parameters of the region it is deployed in.
 *
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html">EventBridge: sending events between Regions</a>
 */
class ForwarderTemplateTest {
  private static final Template FORWARDER = Template.load("forwarder.yaml");
  private static final Template CENTRAL = Template.load();
  private static final String THIS_ACCOUNT = "111122223333";

  /** Parameters and the pseudo parameters of a stack in {@code region} of {@code partition}. */
  private static Map<String, String> deployedIn(String partition, String region, Map<String, String> parameters) {
    Map<String, String> values = new HashMap<>(parameters);
    values.put("AWS::Partition", partition);
    values.put("AWS::Region", region);
    values.put("AWS::AccountId", THIS_ACCOUNT);
    return values;
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource({
      "aws, ap-southeast-2, eu-west-1, 111122223333, arn:aws:events:eu-west-1:111122223333:event-bus/default",
      "aws, us-east-1, eu-west-1, 999988887777, arn:aws:events:eu-west-1:999988887777:event-bus/default",
      "aws-cn, cn-northwest-1, cn-north-1, 111122223333, arn:aws-cn:events:cn-north-1:111122223333:event-bus/default",
      "aws-us-gov, us-gov-east-1, us-gov-west-1, 111122223333, arn:aws-us-gov:events:us-gov-west-1:111122223333:event-bus/default"})
  void theRoleMayOnlyPutEventsOnTheCentralBus(String partition, String region, String centralRegion,
                                               String centralAccount, String bus) {
    Map<String, String> parameters = Map.of("CentralRegion", centralRegion, "CentralAccount", centralAccount);
    Template deployed = SamTransform.transform("forwarder.yaml", parameters);
    Map<String, String> values = deployedIn(partition, region, parameters);

    Map<String, JsonNode> roles = deployed.resourcesOfType("AWS::IAM::Role");
    assertThat(roles.keySet()).containsExactly("ForwardingRole");
    assertThat(deployed.resourcesOfType("AWS::IAM::Policy")).isEmpty();
    assertThat(deployed.resourcesOfType("AWS::IAM::ManagedPolicy")).isEmpty();
    JsonNode role = deployed.evaluate(roles.get("ForwardingRole").path("Properties"), values);
    assertThat(role.has("ManagedPolicyArns")).isFalse();
    assertThat(role.at("/AssumeRolePolicyDocument/Statement").toString()).isEqualTo(
        "[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"" + THIS_ACCOUNT + "\"}}}]");
    assertThat(role.path("Policies")).hasSize(1);
    JsonNode statements = role.at("/Policies/0/PolicyDocument/Statement");
    assertThat(statements.toString()).isEqualTo("[{\"Sid\":\"PutEventsOnTheCentralBusOnly\",\"Effect\":\"Allow\","
        + "\"Action\":\"events:PutEvents\",\"Resource\":\"" + bus + "\"}]");

    JsonNode rule = deployed.evaluate(deployed.resource("ForwardingRule").path("Properties"), values);
    assertThat(rule.path("Targets")).hasSize(1);
    JsonNode target = rule.at("/Targets/0");
    assertThat(target.path("Arn").asText()).isEqualTo(bus);
    assertThat(target.path("RoleArn").toString()).isEqualTo("{\"Fn::GetAtt\":[\"ForwardingRole\",\"Arn\"]}");
    assertThat(rule.path("EventBusName").isMissingNode()).as("the rule is on the default bus").isTrue();
    assertThat(deployed.evaluate(deployed.root().at("/Outputs/CentralEventBusArn/Value"), values).asText())
        .isEqualTo(bus);
  }

  /** What EventBridge cannot forward within a day lands in the forwarding region, and only the rule may put it there. */
  @Test
  void undeliverableFindingsWaitInTheForwardingRegionsDeadLetterQueue() {
    JsonNode target = FORWARDER.resource("ForwardingRule").at("/Properties/Targets/0");
    assertThat(target.at("/DeadLetterConfig/Arn").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"ForwardingDeadLetterQueue\",\"Arn\"]}");
    assertThat(target.at("/RetryPolicy/MaximumEventAgeInSeconds").asInt()).isEqualTo(86400);
    JsonNode queue = FORWARDER.resource("ForwardingDeadLetterQueue").path("Properties");
    assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
    // EventBridge puts a message here when it gives up, so its 14 days start then.
    assertThat(queue.path("MessageRetentionPeriod").asInt()).isEqualTo(1209600);
    JsonNode statement = FORWARDER.resource("ForwardingDeadLetterQueuePolicy").at("/Properties/PolicyDocument/Statement");
    assertThat(statement).hasSize(1);
    assertThat(statement.at("/0/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
    assertThat(statement.at("/0/Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(statement.at("/0/Condition/ArnEquals/aws:SourceArn").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"ForwardingRule\",\"Arn\"]}");
    JsonNode dlqAlarm = FORWARDER.resource("DeadLetterAlarm").path("Properties");
    assertThat(dlqAlarm.at("/Dimensions/0/Value").toString())
        .isEqualTo("{\"Fn::GetAtt\":[\"ForwardingDeadLetterQueue\",\"QueueName\"]}");
    // AWS/Events publishes InvocationsFailedToBeSentToDlq by RuleName; Ref of a default-bus rule is its name.
    JsonNode lostAlarm = FORWARDER.resource("DeadLetterFailedAlarm").path("Properties");
    assertThat(lostAlarm.path("Namespace").asText()).isEqualTo("AWS/Events");
    assertThat(lostAlarm.path("MetricName").asText()).isEqualTo("InvocationsFailedToBeSentToDlq");
    assertThat(lostAlarm.at("/Dimensions/0/Name").asText()).isEqualTo("RuleName");
    assertThat(lostAlarm.at("/Dimensions/0/Value").toString()).isEqualTo("{\"Ref\":\"ForwardingRule\"}");
  }

  /** A forwarder in the central stack's own region and account would send every finding round in a loop. */
  @ParameterizedTest(name = "deployed in {0}, central {1} {2}: {3}")
  @CsvSource({
      "eu-west-1, eu-west-1, 111122223333, false",
      "eu-west-1, eu-west-1, 999988887777, true",
      "us-east-1, eu-west-1, 111122223333, true",
      "us-east-1, eu-west-1, 999988887777, true"})
  void aForwarderToItsOwnBusIsRefusedAtDeploy(String region, String centralRegion, String centralAccount,
                                             boolean accepted) {
    Map<String, Boolean> assertions = FORWARDER.ruleAssertions(deployedIn("aws", region,
        Map.of("CentralRegion", centralRegion, "CentralAccount", centralAccount)));
    assertThat(assertions).isNotEmpty();
    assertThat(assertions.values().stream().allMatch(Boolean::booleanValue)).as(assertions.toString())
        .isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({"eu-west-1, true", "ap-southeast-2, true", "us-gov-west-1, true", "cn-north-1, true",
      "eu-central-2, true", "EU-WEST-1, false", "eu-west, false", "'', false", "arn:aws:events:eu-west-1, false"})
  void theCentralRegionIsARegionName(String value, boolean allowed) {
    assertThat(Pattern.matches(FORWARDER.parameter("CentralRegion").path("AllowedPattern").asText(), value))
        .isEqualTo(allowed);
    assertThat(FORWARDER.parameter("CentralRegion").has("Default")).as("no default: the user names it").isFalse();
  }

  @ParameterizedTest
  @CsvSource({"'', false, true", "111122223333, true, true", "11112222333, false, false",
      "1111222233334, false, false", "arn:aws:iam::111122223333:root, false, false"})
  void accountsAreTwelveDigits(String value, boolean forwarderAllows, boolean centralAllows) {
    assertThat(Pattern.matches(FORWARDER.parameter("CentralAccount").path("AllowedPattern").asText(), value))
        .isEqualTo(forwarderAllows);
    assertThat(Pattern.matches(CENTRAL.parameter("ForwarderAccounts").path("AllowedPattern").asText(), value))
        .isEqualTo(centralAllows);
  }

  /**
   * A forwarder left to guess the central account put findings on its own account's bus, where no rule takes
   * them and nothing alarms: the account has no default and must be named, also for this account.
   */
  @Test
  void theCentralAccountMustBeNamedForEveryForwarder() {
    assertThat(FORWARDER.parameter("CentralAccount").has("Default")).isFalse();
    String text = Fixtures.read(Fixtures.BASE.resolve("forwarder.yaml"));
    assertThat(text).doesNotContain("${AWS::AccountId}:event-bus");
  }

  /**
   * Forwarders in other accounts need the central default bus to let them put events; the grant exists
   * only when accounts are named, names exactly them, and only for GuardDuty's events.
   *
   * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html">EventBridge: bus policy by source</a>
   */
  @Test
  void theCentralBusLetsOnlyTheNamedAccountsPutOnlyGuardDutyEvents() {
    Map<String, String> none = Map.of();
    Map<String, String> two = Map.of("ForwarderAccounts", "444455556666,777788889999");
    JsonNode policy = CENTRAL.resource("ForwardersMayPutFindings");
    assertThat(policy.path("Type").asText()).isEqualTo("AWS::Events::EventBusPolicy");
    String condition = policy.path("Condition").asText();
    assertThat(CENTRAL.condition(condition, none)).isFalse();
    assertThat(CENTRAL.condition(condition, two)).isTrue();
    JsonNode statement = CENTRAL.evaluate(policy.at("/Properties/Statement"),
        deployedIn("aws", "eu-west-1", two));
    assertThat(statement.at("/Principal/AWS").toString()).isEqualTo("[\"444455556666\",\"777788889999\"]");
    assertThat(statement.path("Action").asText()).isEqualTo("events:PutEvents");
    assertThat(statement.path("Resource").asText()).isEqualTo("arn:aws:events:eu-west-1:111122223333:event-bus/default");
    assertThat(statement.at("/Condition/ForAllValues:StringEquals/events:source").toString())
        .isEqualTo("[\"aws.guardduty\"]");
    assertThat(policy.at("/Properties/EventBusName").asText()).isEqualTo("default");
  }

  /**
   * An organisation's forwarders, those of accounts that join it later included, are let in by the organisation's
   * id ({@code aws:PrincipalOrgID}), still only for GuardDuty's events; nothing is granted without an id.
   *
   * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html">EventBridge: permissions for an organisation</a>
   */
  @Test
  void aWholeOrganisationMayForwardWithoutARedeployForEachNewAccount() {
    JsonNode policy = CENTRAL.resource("OrganizationForwardersMayPutFindings");
    String condition = policy.path("Condition").asText();
    assertThat(CENTRAL.condition(condition, Map.of())).isFalse();
    Map<String, String> organisation = Map.of("ForwarderOrganization", "o-a1b2c3d4e5");
    assertThat(CENTRAL.condition(condition, organisation)).isTrue();
    JsonNode statement = CENTRAL.evaluate(policy.at("/Properties/Statement"),
        deployedIn("aws", "eu-west-1", organisation));
    assertThat(statement.path("Principal").asText()).isEqualTo("*");
    assertThat(statement.at("/Condition/StringEquals/aws:PrincipalOrgID").asText()).isEqualTo("o-a1b2c3d4e5");
    assertThat(statement.at("/Condition/ForAllValues:StringEquals/events:source").toString())
        .isEqualTo("[\"aws.guardduty\"]");
    assertThat(statement.path("Action").asText()).isEqualTo("events:PutEvents");
    assertThat(statement.path("Resource").asText()).isEqualTo("arn:aws:events:eu-west-1:111122223333:event-bus/default");
    String pattern = CENTRAL.parameter("ForwarderOrganization").path("AllowedPattern").asText();
    assertThat(List.of("", "o-a1b2c3d4e5", "o-abcdefghij0123456789")).allMatch(v -> Pattern.matches(pattern, v));
    assertThat(List.of("o-", "a1b2c3d4e5", "o-A1B2C3D4E5", "r-a1b2", "o-a1b2c3d4e5,o-b2c3d4e5f6"))
        .noneMatch(v -> Pattern.matches(pattern, v));
  }

  @Test
  void theForwarderIsPlainCloudFormation() {
    assertThat(FORWARDER.root().has("Transform"))
        .as("StackSets and `aws cloudformation deploy` take it without a transform").isFalse();
    assertThat(List.of("AWS::Events::Rule", "AWS::IAM::Role", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy",
        "AWS::KMS::Key", "AWS::SNS::Topic", "AWS::CloudWatch::Alarm"))
        .containsAll(types(FORWARDER));
  }

  private static List<String> types(Template template) {
    return template.root().path("Resources").properties().stream()
        .map(e -> e.getValue().path("Type").asText()).distinct().toList();
  }

}
