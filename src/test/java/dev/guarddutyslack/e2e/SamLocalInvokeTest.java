package dev.guarddutyslack.e2e;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.SamCli;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.wiring.NotifierSettings;
import dev.guarddutyslack.wiring.NotifierWiring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local path of docs/deploy.md, as a user runs it: copy {@code events/env.json}, put a webhook in it, and run
 * {@code sam local invoke NotifierFunction -e events/<fixture>.json --env-vars env.json}. The function's
 * environment is computed from {@code template.yaml} and {@code env.json} exactly as SAM CLI computes it
 * ({@link SamCli}), and the template's handler runs with that environment under the Lambda runtime
 * interface client, for every fixture.
 */
class SamLocalInvokeTest {
  private static final String FUNCTION = "NotifierFunction";
  private static final Template TEMPLATE = Template.load();

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @StartStop
  private final MockWebServer runtimeServer = MockServers.create();

  private static JsonNode envJson() throws Exception {
    return TestApp.MAPPER.readTree(Fixtures.read(Fixtures.EVENTS.resolve("env.json")));
  }

  @Test
  void envJsonSetsOnlyVariablesTheTemplateDeclares() throws Exception {
    assertThat(SamCli.undeclared(TEMPLATE, FUNCTION, envJson()))
        .as("events/env.json sets variables that template.yaml does not declare for " + FUNCTION
            + "; SAM CLI passes only declared variables and drops these silently")
        .isEmpty();
  }

  @Test
  void everyVariableTheFunctionReadsIsDeclaredInTheTemplate() {
    Set<String> read = new TreeSet<>();
    Map<String, String> env = new HashMap<>(Map.of("SLACK_WEBHOOK_URL", "https://hooks.example.com/x"));
    Map<String, String> recording = new AbstractMap<>() {
      @Override
      public String get(Object key) {
        read.add(String.valueOf(key));
        return env.get(key);
      }

      @Override
      public boolean containsKey(Object key) {
        read.add(String.valueOf(key));
        return env.containsKey(key);
      }

      /** Looked through only for the webhook variables, so that a misspelt one is an error, never ignored. */
      @Override
      public Set<Entry<String, String>> entrySet() {
        return env.entrySet();
      }
    };

    NotifierWiring.production(recording);

    // AWS_REGION and the like are Lambda's own (reserved: a template may not declare them); the endpoint
    // overrides are for tests and local use only.
    read.removeIf(name -> name.startsWith("AWS_"));
    assertThat(read).isNotEmpty();
    Set<String> declared = SamCli.declaredVariables(TEMPLATE, FUNCTION).keySet();
    assertThat(declared).containsAll(read);
    for (dev.guarddutyslack.guardduty.Severity band : dev.guarddutyslack.guardduty.Severity.values()) {
      assertThat(declared).contains("SLACK_WEBHOOK_URL_" + band.key());
    }
  }

  @Test
  void withoutEnvJsonSamCliWouldPointTheFunctionAtResourcesThatDoNotExistLocally() {
    Map<String, String> env = SamCli.environment(TEMPLATE, FUNCTION, TestApp.MAPPER.createObjectNode(), Map.of());

    assertThat(env).containsEntry("DEDUP_TABLE", "NotifiedFindingsTable")
        .containsEntry("WEBHOOKS_SECRET_ID", "WebhooksSecret")
        .containsEntry("SLACK_WEBHOOK_URL", "")
        .containsEntry("MIN_SEVERITY", "MEDIUM")
        .containsEntry("AWS_ACCESS_KEY_ID", "defaultkey");
    assertThat(env).doesNotContainKey("AWS_ENDPOINT_URL");
  }

  @Test
  void theReadmeStepsWorkForEveryFixture() throws Exception {
    ObjectNode envJson = (ObjectNode) envJson();
    ((ObjectNode) envJson.get(FUNCTION)).put("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/local"));
    Map<String, String> env = SamCli.environment(TEMPLATE, FUNCTION, envJson, Map.of());
    assertThat(env.get("DEDUP_TABLE")).as("no table locally: nothing may call AWS").isEmpty();
    assertThat(env.get("WEBHOOKS_SECRET_ID")).as("no secret locally: nothing may call AWS").isEmpty();
    double minimum = NotifierSettings.from(env).intake().minSeverity();
    RuntimeApi runtimeApi = new RuntimeApi(60_000);
    runtimeServer.setDispatcher(runtimeApi);

    int expectedPosts = 0;
    try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env)) {
      for (Path fixture : Fixtures.eventFiles()) {
        JsonNode event = TestApp.MAPPER.readTree(Fixtures.read(fixture));
        expectedPosts += postsExpected(event, minimum);

        RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(event.toString()), 60);

        assertThat(answer.error()).as("%s failed under sam local's environment: %s%n%s", fixture.getFileName(),
            answer.body(), function.output()).isFalse();
        JsonNode result = TestApp.MAPPER.readTree(answer.body());
        if (event.has("Records")) {
          assertThat(result.path("batchItemFailures")).as(fixture.getFileName().toString()).isEmpty();
        } else {
          assertThat(result.path("decision").asText()).as(fixture.getFileName().toString())
              .isIn("posted", "filtered", "skipped");
        }
      }
      assertThat(function.output()).doesNotContain("T0/B0/local");
    } finally {
      runtimeApi.shutdown();
    }
    assertThat(expectedPosts).isPositive();
    assertThat(slack.count()).isEqualTo(expectedPosts);
    for (int i = 0; i < expectedPosts; i++) {
      assertValidAndSafe(TestApp.MAPPER.readTree(slack.next(Duration.ofSeconds(5)).getBody().utf8()));
    }
  }

  private static int postsExpected(JsonNode event, double minimum) throws Exception {
    if (event.has("Records")) {
      int posts = 0;
      for (JsonNode record : event.get("Records")) {
        posts += postsExpected(TestApp.MAPPER.readTree(record.get("body").asText()), minimum);
      }
      return posts;
    }
    boolean finding = "GuardDuty Finding".equals(event.path("detail-type").asText())
        && "aws.guardduty".equals(event.path("source").asText());
    return finding && event.path("detail").path("severity").asDouble() >= minimum ? 1 : 0;
  }

}
