package dev.guarddutyslack.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The triage function's composition reads its own settings and nothing of the notifier's. */
class TriageWiringTest {
  private static Map<String, String> triage() {
    return new HashMap<>(Map.of("SLACK_SIGNING_SECRET", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "TRIAGE_USERS",
        "U0ALLOWED1", "SLACK_TEAM_ID", "T0TEAM1", "TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY, "AWS_REGION", "eu-west-1"));
  }

  @Test
  void theNotifiersMistakesDoNotStopTheTriageFunction() {
    Map<String, String> env = triage();
    env.putAll(Map.of("MIN_SEVERITY", "SEVERE", "ROUTES", "[{", "SLACK_WEBHOOK_URL_CRITCAL", "https://h.example.com/x",
        "STORM_THRESHOLD", "many"));
    List<String> lines = new ArrayList<>();

    TriageApp app = TriageWiring.production(env, lines::add);

    assertThat(app.triage().edges()).isNotNull();
    assertThat(lines).isEmpty();
  }

  @Test
  void itsOwnMistakesAreNamedAllAtOnce() {
    Map<String, String> env = triage();
    env.put("TRIAGE_USERS", "alice");
    env.put("AWS_ENDPOINT_URL_GUARDDUTY", "not a url");
    env.put("SLACK_RESPONSE_URL_PREFIX", "http://127.0.0.1:8080");

    assertThatThrownBy(() -> TriageWiring.production(env, line -> { }))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(p -> p.split(" ")[0])
            .containsExactly("TRIAGE_USERS", "AWS_ENDPOINT_URL_GUARDDUTY", "SLACK_RESPONSE_URL_PREFIX"));
  }
}
