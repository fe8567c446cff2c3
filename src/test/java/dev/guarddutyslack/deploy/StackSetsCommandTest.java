package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The StackSets commands of docs/multi-region.md, parsed and validated by the AWS CLI itself against the CloudFormation API
 * model it ships ({@code src/test/python/aws_cli_requests.py}): every option exists, every shorthand value has
 * the model's type, and the requests carry what a forwarder needs. Nothing is sent.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html">CreateStackSet</a>
 * @see <a href="https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html">CreateStackInstances</a>
 */
class StackSetsCommandTest {
  private static final Map<String, String> VARIABLES = Map.of("CENTRAL_REGION", "eu-west-1",
      "CENTRAL_ACCOUNT", "111122223333", "FORWARDER_OU", "ou-ab12-cdef3456");

  @Test
  void selfManagedForwardersNameTheCentralAccountAndTheAccountsToDeployIn() throws Exception {
    JsonNode requests = requests(Readme.block("stacksets-self-managed"));
    assertThat(operations(requests)).containsExactly("CreateStackSet", "CreateStackInstances");
    JsonNode set = requests.at("/0/params");
    assertThat(set.path("TemplateBody").asText()).isEqualTo(Fixtures.read(Fixtures.BASE.resolve("forwarder.yaml")));
    assertThat(set.path("Parameters").toString()).contains(
        "{\"ParameterKey\":\"CentralAccount\",\"ParameterValue\":\"111122223333\"}",
        "{\"ParameterKey\":\"CentralRegion\",\"ParameterValue\":\"eu-west-1\"}");
    assertThat(set.path("Capabilities").toString()).isEqualTo("[\"CAPABILITY_IAM\"]");
    assertThat(requests.at("/1/params/Accounts").toString()).isEqualTo("[\"111122223333\"]");
  }

  @Test
  void serviceManagedForwardersDeployAutomaticallyToAUnitFromADelegatedAdministrator() throws Exception {
    JsonNode requests = requests(Readme.block("stacksets-service-managed"));
    assertThat(operations(requests)).containsExactly("CreateStackSet", "CreateStackInstances");
    JsonNode set = requests.at("/0/params");
    assertThat(set.path("PermissionModel").asText()).isEqualTo("SERVICE_MANAGED");
    assertThat(set.path("AutoDeployment").toString())
        .isEqualTo("{\"Enabled\":true,\"RetainStacksOnAccountRemoval\":false}");
    assertThat(set.path("Parameters").toString())
        .contains("{\"ParameterKey\":\"CentralAccount\",\"ParameterValue\":\"111122223333\"}");
    JsonNode instances = requests.at("/1/params");
    assertThat(instances.at("/DeploymentTargets/OrganizationalUnitIds").toString()).isEqualTo("[\"ou-ab12-cdef3456\"]");
    assertThat(instances.has("Accounts")).isFalse();
    for (JsonNode request : requests) {
      assertThat(request.at("/params/CallAs").asText()).isEqualTo("DELEGATED_ADMIN");
    }
  }

  /** The same parser refuses what the API model does not take. */
  @Test
  void theParserRefusesWhatTheModelDoesNotTake() throws Exception {
    JsonNode requests = run("aws cloudformation create-stack-set --stack-set-name f --template-body x "
        + "--auto-deployment Enabled=yes --region eu-west-1\n"
        + "aws cloudformation create-stack-instances --stack-set-name f --regions eu-west-1 --call-as ADMIN "
        + "--region eu-west-1\n");
    assertThat(requests).hasSize(2);
    for (JsonNode request : requests) {
      assertThat(request.path("exit").asInt()).isNotZero();
      assertThat(request.path("params").isNull()).isTrue();
    }
  }

  private static JsonNode requests(String block) throws Exception {
    JsonNode requests = run(block);
    for (JsonNode request : requests) {
      assertThat(request.path("exit").asInt()).as(request.toString()).isZero();
      assertThat(request.path("params").isObject()).as(request.toString()).isTrue();
    }
    return requests;
  }

  private static JsonNode run(String text) throws Exception {
    boolean installed = SamTransform.pythonCan("import awscli.clidriver");
    if (!installed) {
      System.out.println("SKIPPED: the AWS CLI (python3 -c 'import awscli') is not installed; docs/multi-region.md's StackSets"
          + " commands were not checked");
    }
    assumeTrue(installed, "the AWS CLI is not installed");
    SamCliTool.Result result = SamCliTool.exec(List.of("python3", "src/test/python/aws_cli_requests.py", text,
        TestApp.MAPPER.writeValueAsString(VARIABLES)), Fixtures.BASE, Map.of(), Duration.ofMinutes(2));
    assertThat(result.exit()).as(result.output()).isZero();
    return TestApp.MAPPER.readTree(result.output());
  }

  private static List<String> operations(JsonNode requests) {
    return java.util.stream.StreamSupport.stream(requests.spliterator(), false)
        .map(r -> r.path("operation").asText()).toList();
  }
}
