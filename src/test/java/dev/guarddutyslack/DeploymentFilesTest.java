package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The promises of {@code template.yaml} and {@code events/env.json} that a reader cannot see at a glance. */
class DeploymentFilesTest {
  private static final Template TEMPLATE = Template.load();
  private static final Set<String> KNOWN_VARIABLES = Set.of("SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL_LOW",
      "SLACK_WEBHOOK_URL_MEDIUM", "SLACK_WEBHOOK_URL_HIGH", "SLACK_WEBHOOK_URL_CRITICAL", "WEBHOOKS_SECRET_ID",
      "MIN_SEVERITY", "ACCOUNT_NAMES", "DEDUP_TABLE", "RENOTIFY_AFTER", "JAVA_TOOL_OPTIONS");

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
  void envJsonSetsOnlyKnownVariablesOfTheTemplatesFunction() throws Exception {
    JsonNode env = TestApp.MAPPER.readTree(Fixtures.read(Fixtures.EVENTS.resolve("env.json")));
    List<String> functions = new ArrayList<>();
    env.fieldNames().forEachRemaining(functions::add);
    assertThat(functions).containsExactly("NotifierFunction");
    assertThat(function().path("Type").asText()).isEqualTo("AWS::Serverless::Function");
    env.get("NotifierFunction").fieldNames().forEachRemaining(name -> assertThat(KNOWN_VARIABLES).contains(name));
    function().at("/Properties/Environment/Variables").fieldNames()
        .forEachRemaining(name -> assertThat(KNOWN_VARIABLES).contains(name));
  }

  @Test
  void webhooksArePromptedWithoutEchoAndKeptInTheSecret() {
    for (String parameter : List.of("WebhookUrlDefault", "WebhookUrlLow", "WebhookUrlMedium", "WebhookUrlHigh",
        "WebhookUrlCritical")) {
      assertThat(TEMPLATE.parameter(parameter).path("NoEcho").asBoolean()).as(parameter).isTrue();
    }
    String variables = function().at("/Properties/Environment/Variables").toString();
    assertThat(variables).doesNotContain("WebhookUrl");
    assertThat(TEMPLATE.resource("WebhooksSecret").toString()).contains("WebhookUrlCritical");
  }

  @Test
  void theFunctionMayReadItsOneSecretAndWriteItsOneTableAndNothingElse() {
    JsonNode statements = function().at("/Properties/Policies/0/Statement");
    assertThat(statements.size()).isEqualTo(2);
    assertThat(statements.get(0).path("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
    assertThat(statements.get(0).path("Resource").toString()).contains("WebhooksSecret").doesNotContain("*");
    JsonNode table = Template.load().evaluate(statements.get(1), Map.of("Deduplication", "Enabled"));
    assertThat(table.path("Action").toString()).isEqualTo("[\"dynamodb:UpdateItem\",\"dynamodb:DeleteItem\"]");
    assertThat(table.path("Resource").toString()).contains("NotifiedFindingsTable").doesNotContain("*");
    assertThat(function().at("/Properties/Policies").size()).isEqualTo(1);
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
