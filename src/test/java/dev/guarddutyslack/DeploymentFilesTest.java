package dev.guarddutyslack;

import dev.guarddutyslack.config.Config;
import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.core.Decision;
import dev.guarddutyslack.observability.Metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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

  @Test
  void webhooksArePromptedWithoutEchoAndKeptInTheSecret() {
    for (String parameter : List.of("WebhookUrlDefault", "WebhookUrlLow", "WebhookUrlMedium", "WebhookUrlHigh",
        "WebhookUrlCritical")) {
      assertThat(TEMPLATE.parameter(parameter).path("NoEcho").asBoolean()).as(parameter).isTrue();
    }
    JsonNode variables = function().at("/Properties/Environment/Variables");
    assertThat(variables.toString()).doesNotContain("WebhookUrl");
    variables.properties().stream().filter(e -> e.getKey().startsWith("SLACK_WEBHOOK_URL"))
        .forEach(e -> assertThat(e.getValue().asText()).as(e.getKey() + " is empty when deployed").isEmpty());
    assertThat(TEMPLATE.resource("WebhooksSecret").toString()).contains("WebhookUrlCritical");
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
  @CsvSource({"template.yaml, 3", "forwarder.yaml, 2"})
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
      "no webhook and no secret | , , , , , | false",
      "a default webhook | https://hooks.slack.com/services/T/B/x, , , , , | true",
      "only a critical webhook | , , , , https://hooks.slack.com/services/T/B/c, | true",
      "an existing secret | , , , , , arn:aws:secretsmanager:eu-west-1:111122223333:secret:w-AbCdEf | true"})
  void aStackWithNoWebhookIsRefusedAtDeploy(String name, String values, boolean accepted) {
    String[] v = values.split(",", -1);
    List<String> parameters = List.of("WebhookUrlDefault", "WebhookUrlLow", "WebhookUrlMedium", "WebhookUrlHigh",
        "WebhookUrlCritical", "ExistingWebhooksSecretArn");
    Map<String, String> given = new java.util.HashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      given.put(parameters.get(i), v[i].strip());
    }
    Map<String, Boolean> assertions = TEMPLATE.ruleAssertions(given);
    assertThat(assertions).isNotEmpty();
    assertThat(assertions.values().stream().allMatch(Boolean::booleanValue)).as(assertions.toString())
        .isEqualTo(accepted);
  }

  @ParameterizedTest
  @CsvSource({"'', true", "https://hooks.slack.com/services/T0/B0/x, true", "http://hooks.slack.com/x, false",
      "'https://h.example.com/a\"b', false", "'https://h.example.com/a b', false", "hooks.slack.com/x, false"})
  void webhookParametersTakeOnlyHttpsUrlsThatCannotBreakTheSecretsJson(String value, boolean allowed) {
    for (String parameter : List.of("WebhookUrlDefault", "WebhookUrlLow", "WebhookUrlMedium", "WebhookUrlHigh",
        "WebhookUrlCritical")) {
      assertThat(Pattern.matches(TEMPLATE.parameter(parameter).path("AllowedPattern").asText(), value))
          .as(parameter + " " + value).isEqualTo(allowed);
    }
  }

  @Test
  void theTableMatchesWhatTheGateWrites() {
    JsonNode table = TEMPLATE.resource("NotifiedFindingsTable").path("Properties");
    assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    assertThat(table.at("/KeySchema/0/AttributeName").asText()).isEqualTo(DynamoDbGate.KEY);
    assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(DynamoDbGate.TTL_ATTRIBUTE);
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
      Config.fromEnvironment(Map.of("RENOTIFY_AFTER", value));
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  @Test
  void theFailedFindingsAlarmWatchesTheFunctionsOwnMetric() {
    JsonNode alarm = TEMPLATE.resource("FailedFindingsAlarm").path("Properties");
    assertThat(alarm.path("Namespace").asText()).isEqualTo(Metrics.NAMESPACE);
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
    assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
    assertThat(queue.path("MessageRetentionPeriod").asInt()).isGreaterThanOrEqualTo(4 * 24 * 3600);
    JsonNode sqs = function().at("/Properties/Events/Findings/Properties");
    assertThat(sqs.path("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
    assertThat(function().at("/Properties/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(function().at("/Properties/AutoPublishAlias").asText()).isNotBlank();
    assertThat(Template.load().global("Function", "Runtime").asText()).isEqualTo("java25");
  }
}
