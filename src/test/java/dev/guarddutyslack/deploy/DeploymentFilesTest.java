package dev.guarddutyslack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.dedup.DedupSettings;
import dev.guarddutyslack.invocation.SqsBatch;
import dev.guarddutyslack.observability.Emf;
import dev.guarddutyslack.observability.Metrics;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.testing.Readme;
import dev.guarddutyslack.testing.SamTransform;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.triage.TriageAudit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The promises of {@code template.yaml} and {@code events/env.json} that a reader cannot see at a glance. */
class DeploymentFilesTest {
  private static final Template TEMPLATE = Template.load();

  private static JsonNode function() {
    return TEMPLATE.resource("NotifierFunction");
  }

  @Test
  void theHandlerIsTheStreamHandler() throws Exception {
    String handler = TEMPLATE.handler();
    assertThat(handler).endsWith("::handleRequest");
    Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
    assertThat(RequestStreamHandler.class.isAssignableFrom(type)).isTrue();
  }

  /**
   * {@code sam deploy --guided} asks every NoEcho parameter with hidden input and no default, again after an
   * empty answer ({@code samcli/commands/deploy/guided_context.py}); so the one webhook a first deploy needs is
   * the only one. It reaches the stack's secret only through the seeder, never as the secret's own
   * SecretString: CloudFormation would write that back on every deploy that changed it, over a webhook rotated
   * in Secrets Manager.
   */
  @Test
  void oneWebhookIsTypedAndItReachesOnlyTheSeederNeverASecretValueOrTheEnvironment() {
    List<String> noEcho = TEMPLATE.root().path("Parameters").properties().stream()
        .filter(e -> e.getValue().path("NoEcho").asBoolean()).map(Map.Entry::getKey).toList();
    assertThat(noEcho).containsExactly("WebhookUrl");
    // SAM CLI saves no NoEcho answer: "-" is what a later plain `sam deploy` passes, keeping the secret as it is
    // (a new stack left at "-" is refused by the seeder, which SecretSeedTest runs).
    assertThat(TEMPLATE.parameter("WebhookUrl").path("Default").asText()).isEqualTo("-");
    List<String> users = TEMPLATE.root().path("Resources").properties().stream()
        .filter(e -> e.getValue().toString().contains("{\"Ref\":\"WebhookUrl\"}")).map(Map.Entry::getKey).toList();
    assertThat(users).containsExactly("WebhooksSecretSeed");
    JsonNode secret = TEMPLATE.resource("WebhooksSecret").path("Properties");
    assertThat(secret.has("SecretString") || secret.has("GenerateSecretString"))
        .as("the stack has no value of its own to write into the secret").isFalse();
    JsonNode variables = function().at("/Properties/Environment/Variables");
    variables.properties().stream().filter(e -> e.getKey().startsWith("SLACK_WEBHOOK_URL"))
        .forEach(e -> assertThat(e.getValue().asText()).as(e.getKey() + " is empty when deployed").isEmpty());
    assertThat(TEMPLATE.resource("WebhooksSecretSeed").at("/Properties/SecretId").toString())
        .isEqualTo("{\"Ref\":\"WebhooksSecret\"}");
  }

  /**
   * Lambda allows 4 KB of variables per function and measures them as the JSON object of all of them, escapes
   * included (its error quotes the "String measured"): with the longest Routes the stack accepts, written as
   * densely in quotes as the example of docs/routing.md, realistic values for the rest and 200 characters of account
   * names, the deploy still fits.
   *
   * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html">Lambda quotas</a>
   * @see <a href="https://github.com/github-aws-runners/terraform-aws-github-runner/issues/3594">the error, with the string measured</a>
   */
  @Test
  void theFunctionsVariablesFitLambdasFourKilobytesAsLambdaMeasuresThem() throws Exception {
    int maxRoutes = TEMPLATE.parameter("Routes").path("MaxLength").asInt();
    String example = TestApp.MAPPER.readTree(Readme.block("routing-example")).toString();
    StringBuilder routes = new StringBuilder("[");
    while (routes.length() + example.length() < maxRoutes) {
      routes.append(routes.length() > 1 ? "," : "").append(example, 1, example.length() - 1);
    }
    String routesValue = routes.append("]").toString();
    assertThat(routesValue.length()).isLessThanOrEqualTo(maxRoutes).isGreaterThan(maxRoutes - example.length());
    Map<String, String> parameters = Map.of("Routes", routesValue, "AccountNames", "111122223333=" + "p".repeat(187),
        "RenotifyAfter", "PT129600M", "StormThreshold", "9999", "DigestBands", "LOW,MEDIUM,HIGH",
        "DigestWindow", "PT1440M");
    JsonNode variables = TEMPLATE.evaluate(function().at("/Properties/Environment/Variables"), parameters, ref ->
        switch (ref) {
          case "WebhooksSecret" -> TextNode.valueOf(
              "arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:WebhooksSecret-a1B2c3D4e5F6-AbCdEf");
          case "NotifiedFindingsTable" -> TextNode.valueOf("guardduty-slack-NotifiedFindingsTable-1A2B3C4D5E6F7");
          case "FindingsQueue" -> TextNode.valueOf(
              "https://sqs.ap-southeast-2.amazonaws.com/111122223333/guardduty-slack-FindingsQueue-AbCdEfGh1234");
          default -> null;
        });
    ObjectNode measured = TestApp.MAPPER.createObjectNode();
    variables.properties().forEach(e -> {
      assertThat(e.getValue().isTextual()).as(e.getKey() + " resolved to text: " + e.getValue()).isTrue();
      measured.put(e.getKey(), e.getValue().asText());
    });
    assertThat(measured.path("ROUTES").asText()).isEqualTo(routesValue);
    assertThat(TestApp.MAPPER.writeValueAsString(measured).getBytes(StandardCharsets.UTF_8).length)
        .as("the variables as Lambda measures them").isLessThanOrEqualTo(4096);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|true",
      "[]|true",
      "[{\"name\":\"a\",\"to\":[\"A\"]}]|true",
      "{\"name\":\"a\"}|false",
      "[{\"name\":\"a\",NEWLINE\"to\":[\"A\"]}]|false",
      "rules|false"})
  void theRoutesParameterTakesAJsonArrayOnOneLine(String value, boolean accepted) {
    String text = value.replace("NEWLINE", "\n");
    assertThat(Pattern.matches(TEMPLATE.parameter("Routes").path("AllowedPattern").asText(), text))
        .as(text).isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:guardduty-slack/webhooks-AbCdEf, true",
      "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:w-a1B2c3, true",
      "'', true",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:guardduty-slack/webhooks, false",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:webhooks-AbCd, false",
      "guardduty-slack/webhooks, false",
      "arn:aws:secretsmanager:eu-west-1:1111:secret:w-AbCdEf, false"})
  void anExistingSecretIsTakenOnlyByItsWholeArnWhichIsWhatIamMatches(String arn, boolean accepted) {
    assertThat(Pattern.matches(TEMPLATE.parameter("ExistingWebhooksSecretArn").path("AllowedPattern").asText(), arn))
        .isEqualTo(accepted);
  }

  /**
   * CloudWatch alarms can publish to an encrypted topic only with a key whose policy lets
   * cloudwatch.amazonaws.com use it; the AWS-managed alias/aws/sns key's policy cannot, so with it no alarm
   * e-mail is ever sent.
   *
   * @see <a href="https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services">SNS: encrypted topics and AWS services</a>
   */
  @ParameterizedTest
  @ValueSource(strings = {"template.yaml", "forwarder.yaml"})
  void alarmEmailCanBeSentTheTopicKeyLetsCloudWatchPublish(String file) {
    Template template = Template.load(file);
    assertThat(template.root().toString()).as("no AWS-managed key anywhere").doesNotContain("alias/aws/");
    JsonNode topic = template.resource("AlarmTopic").path("Properties");
    JsonNode keyRef = topic.path("KmsMasterKeyId");
    if (keyRef.isMissingNode()) {
      return;
    }
    assertThat(keyRef.has("Ref") || keyRef.has("Fn::GetAtt")).as("the topic's key is one of the template's").isTrue();
    String keyName = keyRef.has("Ref") ? keyRef.get("Ref").asText() : keyRef.get("Fn::GetAtt").get(0).asText();
    JsonNode key = template.resource(keyName);
    assertThat(key.path("Type").asText()).isEqualTo("AWS::KMS::Key");
    assertThat(key.path("Condition").asText()).isEqualTo(template.resource("AlarmTopic").path("Condition").asText());
    boolean cloudWatchMayUseIt = false;
    for (JsonNode statement : key.at("/Properties/KeyPolicy/Statement")) {
      if ("cloudwatch.amazonaws.com".equals(statement.at("/Principal/Service").asText())
          && "Allow".equals(statement.path("Effect").asText())) {
        assertThat(statement.path("Action").toString()).contains("kms:Decrypt", "kms:GenerateDataKey*");
        cloudWatchMayUseIt = true;
      }
    }
    assertThat(cloudWatchMayUseIt).as("the key policy lets CloudWatch publish").isTrue();
  }

  @ParameterizedTest
  @CsvSource({"template.yaml, 9", "forwarder.yaml, 2"})
  void everyAlarmNotifiesTheTopicWhenThereIsAnEmail(String file, int alarms) {
    Template template = Template.load(file);
    List<String> names = template.root().path("Resources").properties().stream()
        .filter(e -> "AWS::CloudWatch::Alarm".equals(e.getValue().path("Type").asText()))
        .map(Map.Entry::getKey).toList();
    assertThat(names).hasSize(alarms);
    for (String alarm : names) {
      JsonNode withEmail = template.evaluate(template.resource(alarm).at("/Properties/AlarmActions"),
          Map.of("AlarmEmail", "secops@example.com"));
      assertThat(withEmail.toString()).as(alarm).isEqualTo("[{\"Ref\":\"AlarmTopic\"}]");
      JsonNode without = template.evaluate(template.resource(alarm).at("/Properties"), Map.of());
      assertThat(without.has("AlarmActions")).as(alarm + " without an e-mail").isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "|", value = {
      "a webhook for the new secret | https://hooks.slack.com/services/T/B/x | | true",
      "the secret as it is | - | | true",
      "an existing secret | - | arn:aws:secretsmanager:eu-west-1:111122223333:secret:w-AbCdEf | true",
      "a webhook with an existing secret | https://hooks.slack.com/services/T/B/x "
          + "| arn:aws:secretsmanager:eu-west-1:111122223333:secret:w-AbCdEf | false"})
  void aWebhookForASecretTheStackDidNotCreateIsRefusedAtDeploy(String name, String webhook, String existing,
                                                               boolean accepted) {
    Map<String, String> given = new java.util.HashMap<>();
    given.put("WebhookUrl", webhook.strip());
    given.put("ExistingWebhooksSecretArn", existing == null ? "" : existing.strip());
    Map<String, Boolean> assertions = TEMPLATE.ruleAssertions(given);
    assertThat(assertions).isNotEmpty();
    assertThat(assertions.values().stream().allMatch(Boolean::booleanValue)).as(assertions.toString())
        .isEqualTo(accepted);
  }

  /**
   * Triage takes all three of its parameters or none, and only where Lambda offers function URLs
   * (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html); wherever it is accepted, the
   * function exists exactly when its parameters are set.
   */
  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource(delimiterString = "|", value = {
      "none | eu-west-1 | true", "all three | eu-west-1 | true", "all three | cn-north-1 | true",
      "only the secret | eu-west-1 | false", "secret and users | eu-west-1 | false", "only the team | eu-west-1 | false",
      "all three | us-gov-west-1 | false", "all three | eu-central-2 | false", "all three | ap-east-2 | false",
      "none | us-gov-west-1 | true"})
  void triageTakesAllThreeParametersWhereFunctionUrlsAreOffered(String which, String region, boolean accepted) {
    Map<String, String> given = new java.util.HashMap<>(Map.of("WebhookUrl", "-", "AWS::Region", region,
        "AWS::Partition", region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws"));
    if (which.equals("all three") || which.contains("secret")) {
      given.put("SlackSigningSecretArn", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:slack-AbCdEf");
    }
    if (which.equals("all three") || which.contains("users")) {
      given.put("TriageUsers", "U0123ABCD");
    }
    if (which.equals("all three") || which.contains("team")) {
      given.put("SlackTeamId", "T0123ABCD");
    }
    Map<String, Boolean> assertions = TEMPLATE.ruleAssertions(given);
    assertThat(assertions.values().stream().allMatch(Boolean::booleanValue)).as(assertions.toString())
        .isEqualTo(accepted);
    if (accepted) {
      assertThat(TEMPLATE.condition("TriageOn", given)).isEqualTo(which.equals("all three"));
      assertThat(TEMPLATE.condition("StateTableNeeded", given)).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({"-, true", "https://hooks.slack.com/services/T0/B0/x, true", "'', false", "http://hooks.slack.com/x, false",
      "'https://h.example.com/a\"b', false", "'https://h.example.com/a b', false", "hooks.slack.com/x, false",
      "'https://h.example.com/a\\b', false", "--, false"})
  void theWebhookParameterTakesOnlyAnHttpsUrlThatCannotBreakJsonOrADash(String value, boolean allowed) {
    assertThat(Pattern.matches(TEMPLATE.parameter("WebhookUrl").path("AllowedPattern").asText(), value))
        .as(value).isEqualTo(allowed);
  }

  @Test
  void theTableMatchesWhatTheGateWrites() {
    JsonNode table = TEMPLATE.resource("NotifiedFindingsTable").path("Properties");
    assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    assertThat(table.at("/KeySchema/0/AttributeName").asText()).isEqualTo(StateTable.KEY);
    assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(StateTable.EXPIRES);
    assertThat(table.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PT24H", "PT6H", "P7D", "PT90M", "PT1M", "P90D", "PT2160H", "PT129600M", "NEVER", "P1DT12H", "P",
      "PT", "daily", "24h", "-PT1H", "PT0H", "P0D", "P91D", "PT2161H", "PT129601M", "P007D", "never", "PT30S",
      "P200000000000D"})
  void theRenotifyParameterAcceptsExactlyWhatTheFunctionAccepts(String value) {
    assertThat(Pattern.matches(renotifyPattern(), value)).isEqualTo(functionAccepts(value));
  }

  @Test
  void theRenotifyParameterAndTheFunctionAgreeOnEveryCount() {
    for (String unit : List.of("P%dD", "PT%dH", "PT%dM")) {
      for (int n = 0; n <= 130_000; n += n < 3_000 ? 1 : 7) {
        String value = String.format(unit, n);
        assertThat(Pattern.matches(renotifyPattern(), value)).as(value).isEqualTo(functionAccepts(value));
      }
    }
  }

  private static String renotifyPattern() {
    return TEMPLATE.parameter("RenotifyAfter").path("AllowedPattern").asText();
  }

  private static boolean functionAccepts(String value) {
    try {
      DedupSettings.from(Env.of(Map.of("RENOTIFY_AFTER", value)));
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  /** The triage alarms watch results the audit writes: a renamed result would leave an alarm that never fires. */
  @Test
  void theTriageAlarmsWatchResultsTheAuditWrites() {
    Set<String> written = new java.util.TreeSet<>();
    for (TriageAudit.Result result : TriageAudit.Result.values()) {
      written.add(result.label());
    }
    List<String> watched = new ArrayList<>();
    for (String alarm : List.of("TriageFailuresAlarm", "TriageForgedButtonsAlarm")) {
      TEMPLATE.resource(alarm).findParents("Name").forEach(d -> {
        if (d.path("Name").asText().equals("Result")) {
          watched.add(d.path("Value").asText());
        }
      });
    }
    assertThat(watched).containsExactlyInAnyOrder("guardduty_refused", "guardduty_unanswered",
        "guardduty_unavailable", "not_configured", "forged_button");
    assertThat(written).containsAll(watched);
  }

  @Test
  void theFailedFindingsAlarmWatchesTheFunctionsOwnMetric() {
    JsonNode alarm = TEMPLATE.resource("FailedFindingsAlarm").path("Properties");
    assertThat(alarm.path("Namespace").asText()).isEqualTo(Emf.NAMESPACE);
    assertThat(alarm.path("MetricName").asText()).isEqualTo(Metrics.metricName(Decision.FAILED));
    assertThat(alarm.path("Period").asInt() * alarm.path("EvaluationPeriods").asInt()).isEqualTo(900);
    assertThat(alarm.has("Dimensions")).as("the metric is also written without dimensions").isFalse();
  }

  @Test
  void theQueueOutlastsRetriesAndReportsPartialFailures() {
    int timeout = TEMPLATE.resource("NotifierFunction").at("/Properties/Timeout").asInt(
        Template.load().global("Function", "Timeout").asInt());
    JsonNode queue = TEMPLATE.resource("FindingsQueue").path("Properties");
    assertThat(queue.path("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * timeout);
    for (String name : List.of("FindingsQueue", "UrgentFindingsQueue")) {
      assertThat(TEMPLATE.resource(name).at("/Properties/VisibilityTimeout").asLong())
          .as("what the function knows the queues hide a record for (a longer Slack wait is hidden for longer)")
          .isEqualTo(SqsBatch.QUEUE_HIDES_FOR.toSeconds());
    }
    assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
    assertThat(queue.path("MessageRetentionPeriod").asInt()).isGreaterThanOrEqualTo(4 * 24 * 3600);
    assertThat(TEMPLATE.resource("FindingsDeadLetterQueue").at("/Properties/MessageRetentionPeriod").asInt())
        .as("SQS counts a message's age from its first enqueue, so the DLQ must keep messages longer")
        .isGreaterThan(queue.path("MessageRetentionPeriod").asInt() + 7 * 24 * 3600);
    JsonNode sqs = function().at("/Properties/Events/Findings/Properties");
    assertThat(sqs.path("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
    assertThat(function().at("/Properties/AutoPublishAlias").asText()).isNotBlank();
    assertThat(Template.load().global("Function", "Runtime").asText()).isEqualTo("java25");
  }

  /**
   * Where Lambda offers SnapStart and the JSON log format, the function has them; where it does not, the
   * stack still deploys. SnapStart: every commercial region but Taipei and New Zealand, not documented for
   * China or GovCloud (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html#snapstart-supported-regions);
   * the JSON log format: not in GovCloud, not documented in China.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"us-east-1, aws, PublishedVersions, JSON", "eu-west-1, aws, PublishedVersions, JSON",
      "eu-central-2, aws, PublishedVersions, JSON", "ap-east-1, aws, PublishedVersions, JSON",
      "ap-east-2, aws, None, JSON", "ap-southeast-6, aws, None, JSON",
      "cn-north-1, aws-cn, None, Text", "cn-northwest-1, aws-cn, None, Text",
      "us-gov-west-1, aws-us-gov, None, Text", "us-gov-east-1, aws-us-gov, None, Text"})
  void eachRegionGetsWhatLambdaOffersThere(String region, String partition, String snapStart, String logFormat) {
    Map<String, String> where = Map.of("AWS::Region", region, "AWS::Partition", partition);
    JsonNode properties = TEMPLATE.evaluate(function().path("Properties"), where);
    assertThat(properties.at("/SnapStart/ApplyOn").asText()).isEqualTo(snapStart);
    assertThat(properties.at("/LoggingConfig/LogFormat").asText()).isEqualTo(logFormat);
  }

  /** cfn-lint's own list of SnapStart regions: SnapStart stays on in every one of them. */
  @Test
  void snapStartIsOnInEveryRegionCfnLintKnowsItIn() throws Exception {
    assumeTrue(SamTransform.pythonCan("import cfnlint"), "cfn-lint is not installed");
    Process lint = new ProcessBuilder("python3", "-c", "from cfnlint.rules.resources.lmbd.SnapStartSupported import "
        + "SnapStartSupported; print(' '.join(SnapStartSupported().regions))").start();
    String regions = new String(lint.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertThat(lint.waitFor()).isZero();
    assertThat(regions).isNotBlank();
    for (String region : regions.split(" ")) {
      JsonNode properties = TEMPLATE.evaluate(function().path("Properties"),
          Map.of("AWS::Region", region, "AWS::Partition", "aws"));
      assertThat(properties.at("/SnapStart/ApplyOn").asText()).as(region).isEqualTo("PublishedVersions");
    }
  }

  /**
   * The one rule the template tells cfn-lint to skip, and only on the function: E2530 reads SnapStart without
   * its region condition (cfnlint/rules/resources/lmbd/SnapStartSupported.py), which the test above checks.
   */
  @Test
  void theOnlyLintExceptionIsSnapStartsRegionRuleOnTheFunction() {
    List<String> suppressed = new java.util.ArrayList<>();
    TEMPLATE.root().path("Resources").properties().forEach(e -> {
      JsonNode checks = e.getValue().at("/Metadata/cfn-lint/config/ignore_checks");
      checks.forEach(c -> suppressed.add(e.getKey() + ":" + c.asText()));
    });
    assertThat(TEMPLATE.root().path("Metadata").has("cfn-lint")).isFalse();
    // And W1028 on the triage function: its URL's AuthType is a condition that is always NONE where the function
    // exists, so that `sam deploy --guided` does not ask about an open URL in a stack without triage
    // (GuidedDeployTest shows both ways).
    assertThat(suppressed).containsExactly("NotifierFunction:E2530", "TriageFunction:W1028");
  }

  /** Each alarm watches what its description says: the queue's oldest message, and the rule's deliveries. */
  @Test
  void theQueuesAgeAndTheRulesFailedDeliveriesAreWatched() {
    for (String[] alarm : new String[][] {{"QueueAgeAlarm", "FindingsQueue", "1800"},
        {"UrgentQueueAgeAlarm", "UrgentFindingsQueue", "300"}}) {
      JsonNode age = TEMPLATE.resource(alarm[0]).path("Properties");
      assertThat(age.path("MetricName").asText()).isEqualTo("ApproximateAgeOfOldestMessage");
      assertThat(age.at("/Dimensions/0/Value").toString()).isEqualTo("{\"Fn::GetAtt\":[\"" + alarm[1]
          + "\",\"QueueName\"]}");
      assertThat(age.path("Threshold").asText()).isEqualTo(alarm[2]);
    }
    JsonNode delivery = TEMPLATE.resource("RuleDeliveryAlarm").path("Properties");
    List<String> metrics = new java.util.ArrayList<>();
    delivery.path("Metrics").forEach(m -> {
      if (m.has("MetricStat")) {
        metrics.add(m.at("/MetricStat/Metric/MetricName").asText() + " " + m.at("/MetricStat/Metric/Dimensions/0/Value"));
      }
    });
    assertThat(metrics).containsExactlyInAnyOrder("FailedInvocations {\"Ref\":\"FindingsRule\"}",
        "InvocationsFailedToBeSentToDlq {\"Ref\":\"FindingsRule\"}", "FailedInvocations {\"Ref\":\"UrgentFindingsRule\"}",
        "InvocationsFailedToBeSentToDlq {\"Ref\":\"UrgentFindingsRule\"}");
  }
}
