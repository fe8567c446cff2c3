package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The notifier's SnapStart hooks as Lambda calls them: the checkpoint rehearses a whole invocation against the
 * loopback Slack and writes nothing; a restore says once which release it is. Production's composition writes its
 * log and metric lines to standard output; here the same composition writes them to a list.
 */
@Execution(ExecutionMode.CONCURRENT)
class SnapStartTest {
  @StartStop
  private final MockWebServer slack = MockServers.create();

  @Test
  void primingRunsAWholeInvocationWithoutReachingSlackOrWritingOutput() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    FindingHandler handler = new FindingHandler(productionPrintingTo(out,
        Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString())));
    handler.beforeCheckpoint(null);
    List<String> afterPriming = List.copyOf(out);
    handler.afterRestore(null);

    assertThat(slack.getRequestCount()).isZero();
    assertThat(afterPriming).isEmpty();
    // A restored environment says once which release it is, as a started one does.
    assertThat(out).hasSize(1);
    JsonNode line = TestApp.MAPPER.readTree(out.get(0));
    assertThat(line.path("event").asText()).isEqualTo("restored");
    assertThat(line.path("version").asText()).isEqualTo(Fixtures.projectVersion());
    assertThat(line.path("level").asText()).isEqualTo("INFO");
  }

  /** With rules, the rehearsal routes too: every destination they name answers it, and nothing is reported. */
  @Test
  void primingWithRulesRehearsesEachDestinationAndReportsNothing() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    try (NotifierApp app = productionPrintingTo(out, Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString(),
        "SLACK_WEBHOOK_URL_ONCALL", slack.url("/oncall").toString(),
        "ROUTES", "[{\"name\":\"all\",\"to\":[\"ONCALL\"],\"mention\":\"here\",\"continue\":true}]"))) {
      new FindingHandler(app).beforeCheckpoint(null);
    }
    assertThat(slack.getRequestCount()).isZero();
    assertThat(out).isEmpty();
  }

  /** Production's composition for {@code env}, with its one output (log and metric lines alike) kept in {@code out}. */
  private static NotifierApp productionPrintingTo(List<String> out, Map<String, String> env) {
    return TestWiring.of(env).log(out::add).metrics(out::add).build();
  }
}
