package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.config.TriageSettings;
import dev.guarddutyslack.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The paths of a click that the end-to-end test cannot reach: an unreadable signing secret, a foreign response_url. */
class TriageTest {
  private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final TriageSettings SETTINGS = new TriageSettings(Optional.of(SECRET), Optional.empty(),
      Set.of("U0ALLOWED1"), Optional.of("T0TEAM1"), Optional.empty());

  private final List<String> audit = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();

  private final FindingActions guardDuty = new FindingActions() {
    @Override
    public void act(TriageAction action, String region, String detectorId, String findingId, Duration timeLeft) {
      calls.add(action + " " + findingId);
    }

    @Override
    public List<String> detectors(String region, Duration timeLeft) {
      return List.of();
    }
  };

  private Triage triage(SigningSecret secret) {
    return new Triage(SETTINGS, TestApp.JSON, new Triage.Edges(secret, guardDuty,
        ReplayGuard.inMemory(Clock.systemUTC()), new TriageAudit(TestApp.JSON, audit::add, Clock.systemUTC())),
        new ResponseUrl(new OkHttpClient()), Clock.systemUTC(), warnings::add);
  }

  private static Triage.Request click(String responseUrl) {
    String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0TEAM1\"},\"user\":{\"id\":\"U0ALLOWED1\"},"
        + "\"response_url\":\"" + responseUrl + "\",\"actions\":[{\"action_id\":\"useful\",\"action_ts\":\"1.2\","
        + "\"value\":\"111122223333:eu-west-1:" + "a".repeat(32) + ":" + "b".repeat(32) + ":HIGH\"}],\"message\":{}}";
    byte[] body = ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    return new Triage.Request(Map.of("x-slack-request-timestamp", timestamp, "x-slack-signature",
        SlackSignature.sign(SECRET, timestamp, body)), body);
  }

  @Test
  void aSigningSecretThatCannotBeReadAnswers500AndIsAudited() {
    Triage.Answer answer = triage(() -> {
      throw new StoreUnavailableException("the signing secret could not be read (ResourceNotFoundException)", true,
          null);
    }).answer(click("https://hooks.slack.com/actions/T0TEAM1/1/x"), "111122223333");
    assertThat(answer.status()).isEqualTo(500);
    assertThat(calls).isEmpty();
    assertThat(audit).singleElement().asString().contains("\"Result\":\"not_configured\"",
        "ResourceNotFoundException");
  }

  /** Slack signed the request, so its response_url is Slack's; one that is not is still never posted to. */
  @Test
  void aResponseUrlOutsideSlackIsNeverPostedTo() {
    Triage.Answer answer = triage(() -> SECRET).answer(click("https://attacker.example/collect"), "111122223333");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(calls).containsExactly("USEFUL " + "b".repeat(32));
    assertThat(warnings).singleElement().asString().contains("not Slack's");
    assertThat(audit).singleElement().asString().contains("\"Result\":\"done\"", "\"replaced\":false");
    assertThat(ResponseUrl.acceptable("https://hooks.slack.com/actions/T/1/x")).isTrue();
    assertThat(ResponseUrl.acceptable("https://hooks.slack-gov.com/actions/T/1/x")).isTrue();
    assertThat(ResponseUrl.acceptable("https://hooks.slack.com.attacker.example/x")).isFalse();
    assertThat(ResponseUrl.acceptable("https://user@hooks.slack.com/x")).isFalse();
    assertThat(ResponseUrl.acceptable("https://hooks.slack.com:8443/x")).isFalse();
    assertThat(ResponseUrl.acceptable("http://hooks.slack.com/x")).isFalse();
  }
}
