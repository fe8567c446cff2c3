package dev.guarddutyslack.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.GuardDutyStandIn;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.triage.Triage;
import dev.guarddutyslack.wiring.TestWiring;
import dev.guarddutyslack.wiring.TriageApp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The triage function's part of the checkpoint: its rehearsal runs production's click path end to end, replacing
 * every rehearsal message on the loopback Slack, without a GuardDuty action or an audit line; it primes GuardDuty
 * with a request that changes nothing; the production edges are back afterwards.
 */
class TriageRehearsalTest {
  @StartStop
  private final MockWebServer guardDutyServer = MockServers.create();

  @Test
  void theRehearsalRunsTheClickPathAndActsOnNothing() throws Exception {
    GuardDutyStandIn guardDuty = new GuardDutyStandIn("testing", "testing");
    guardDutyServer.setDispatcher(guardDuty);
    Map<String, String> env = new HashMap<>(Map.of("SLACK_SIGNING_SECRET", "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "TRIAGE_USERS", "U0ALLOWED1", "SLACK_TEAM_ID", "T0TEAM1", "TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY,
        "AWS_REGION", "eu-west-1",
        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
        "AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:" + guardDutyServer.getPort()));
    // In-process, the SDK's credential chain reads system properties (the test JVM's moto uses the same ones).
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    List<String> lines = new ArrayList<>();
    TriageApp parts = TestWiring.triage(env, lines::add);
    Triage.Edges production = parts.triage().edges();

    assertThat(parts.lifecycle().checkpoint().rehearse()).as("replacements the loopback Slack received")
        .isEqualTo(TriageRehearsal.ROUNDS);
    assertThat(guardDuty.calls()).as("no finding was acted on").isEmpty();
    assertThat(lines).as("no audit line for a rehearsal").noneMatch(l -> l.contains("TriageActions"));

    parts.lifecycle().checkpoint().beforeSnapshot();
    assertThat(guardDuty.calls()).extracting(GuardDutyStandIn.Call::operation).containsExactly("ListDetectors");
    assertThat(guardDuty.problems()).isEmpty();
    assertThat(lines).noneMatch(l -> l.contains("WARN"));
    assertThat(parts.triage().edges()).as("production's edges are back").isSameAs(production);
  }
}
