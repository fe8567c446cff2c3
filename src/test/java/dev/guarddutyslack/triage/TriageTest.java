package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.buttons.ButtonKeySetting;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paths of a click that the end-to-end test cannot reach: an unreadable signing secret or button key, a
 * response_url that is not Slack's or cannot be posted to.
 */
class TriageTest {
  private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final ButtonKeys KEYS = ButtonKeys.of(Fixtures.BUTTON_KEY);
  private static final TriageSettings SETTINGS = new TriageSettings(Optional.of(SECRET), Optional.empty(),
      Set.of("U0ALLOWED1"), Optional.of("T0TEAM1"), Optional.empty(),
      new ButtonKeySetting(Optional.of(Fixtures.BUTTON_KEY), Optional.empty()));
  private static final FindingRef FINDING = FindingRef.of("111122223333", "eu-west-1", "a".repeat(32),
      "b".repeat(32), Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow();

  private final List<String> audit = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final List<String> handedOn = new ArrayList<>();
  private ClickNotices notices = (action, finding, userId, at, timeLeft) ->
      handedOn.add(action + " " + finding.findingId() + " by " + userId);
  private final FakeTicker ticker = new FakeTicker();

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

  private Triage triage(SigningSecret secret, ButtonKeys keys) {
    return new Triage(SETTINGS, TestApp.JSON, new Triage.Edges(secret, keys, guardDuty,
        ReplayGuard.inMemory(Clock.systemUTC()), new TriageAudit(TestApp.JSON, audit::add, Clock.systemUTC()),
        new ResponseUrl(new OkHttpClient(), Optional.empty()), notices), Clock.systemUTC(), ticker, warnings::add);
  }

  private Triage triage() {
    return triage(timeLeft -> SECRET, KEYS);
  }

  private static Triage.Request click(String responseUrl, String value) {
    String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0TEAM1\"},\"user\":{\"id\":\"U0ALLOWED1\"},"
        + "\"response_url\":\"" + responseUrl + "\",\"actions\":[{\"action_id\":\"useful\",\"action_ts\":\"1.2\","
        + "\"value\":\"" + value + "\"}],\"message\":{}}";
    byte[] body = ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    return new Triage.Request(Map.of("x-slack-request-timestamp", timestamp, "x-slack-signature",
        SlackSignature.sign(SECRET, timestamp, body)), body);
  }

  private static Triage.Request click(String responseUrl) {
    return click(responseUrl, ButtonValue.write(FINDING, KEYS.current(Duration.ZERO)));
  }

  private Triage.Answer answer(Triage triage, Triage.Request request) {
    return triage.answer(request, "111122223333", triage.deadline());
  }

  @Test
  void aSigningSecretThatCannotBeReadAnswers500AndIsAudited() {
    Triage.Answer answer = answer(triage(timeLeft -> {
      throw new StoreUnavailableException("the signing secret could not be read (ResourceNotFoundException)", true,
          null);
    }, KEYS), click("https://hooks.slack.com/actions/T0TEAM1/1/x"));
    assertThat(answer.status()).isEqualTo(500);
    assertThat(calls).isEmpty();
    assertThat(audit).singleElement().asString().contains("\"Result\":\"not_configured\"", "\"outcome\":\"failed\"",
        "ResourceNotFoundException");
  }

  /**
   * Slack signed the request, and still its response_url is attacker input: one that is not Slack's, or that the
   * HTTP client could not post to (port 99999), is read before GuardDuty is called; the click is acted on, the
   * HTTP answer says what came of it, and the audit line is written.
   */
  @ParameterizedTest
  @ValueSource(strings = {"https://attacker.example/collect", "http://127.0.0.1:9001/2018-06-01/runtime/invocation/next",
      "https://hooks.slack.com:99999/actions/T/1/x", "https://hooks.slack.com:8443/actions/T/1/x",
      "http://hooks.slack.com/actions/T/1/x", "https://user@hooks.slack.com/actions/T/1/x", "not a url"})
  void aResponseUrlThatIsNotSlacksIsNeverPostedToAndTheClickStillActs(String url) {
    Triage.Answer answer = answer(triage(), click(url));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("Marked useful finding " + "b".repeat(32)
        + "; the message was not replaced: the click's response_url is not Slack's");
    assertThat(calls).containsExactly("USEFUL " + "b".repeat(32));
    assertThat(warnings).singleElement().asString().contains("not Slack's");
    assertThat(audit).singleElement().asString().contains("\"Result\":\"done\"", "\"replaced\":false")
        .doesNotContain("detail");
    assertThat(handedOn).as("handed on to the notifier for the finding's other messages")
        .containsExactly("USEFUL " + "b".repeat(32) + " by U0ALLOWED1");
  }

  /**
   * A click that cannot be handed on to the notifier has still been acted on: the answer says done, the clicked
   * message is replaced as ever, and the audit line and a warning say the other messages do not show it.
   */
  @Test
  void aClickThatCannotBeHandedOnIsStillDoneAndSaysSo() {
    notices = (action, finding, userId, at, timeLeft) -> {
      throw new StoreUnavailableException("the triage button key could not be read (ThrottlingException)", false,
          null);
    };
    Triage.Answer answer = answer(triage(), click("https://attacker.example/collect"));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).startsWith("Marked useful finding ");
    assertThat(calls).hasSize(1);
    assertThat(audit).singleElement().asString().contains("\"Result\":\"done\"",
        "\"detail\":\"not handed on to the notifier: the button key cannot be read\"");
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("could not be handed on to the notifier",
        "its other messages do not show it"));
  }

  @Test
  void onlySlacksHostsOrTheLocalPrefixAreUsable() {
    ResponseUrl slack = new ResponseUrl(new OkHttpClient(), Optional.empty());
    assertThat(slack.usable("https://hooks.slack.com/actions/T/1/x")).isPresent();
    assertThat(slack.usable("https://hooks.slack-gov.com/actions/T/1/x")).isPresent();
    assertThat(slack.usable("https://HOOKS.SLACK.COM/actions/T/1/x")).as("host names have no case").isPresent();
    assertThat(slack.usable("https://hooks.slack.com.attacker.example/x")).isEmpty();
    assertThat(slack.usable("https://hooks.slack.com:443@attacker.example/x")).isEmpty();
    assertThat(slack.usable("http://127.0.0.1:9001/x")).as("the Runtime API, in Lambda").isEmpty();
    ResponseUrl local = new ResponseUrl(new OkHttpClient(), Optional.of("http://127.0.0.1:8080/actions/"));
    assertThat(local.usable("http://127.0.0.1:8080/actions/T/1/x")).isPresent();
    assertThat(local.usable("http://127.0.0.1:8080/other")).isEmpty();
    assertThat(local.usable("http://127.0.0.1:80801/actions/x")).isEmpty();
  }

  /** A button no key of ours made is refused before GuardDuty is asked; the answer says so. */
  @Test
  void aForgedButtonIsRefusedAndNothingIsCalled() {
    String forged = ButtonValue.write(FINDING, "attacker-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    Triage.Answer answer = answer(triage(), click("https://attacker.example/collect", forged));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("This button was not made by this integration");
    assertThat(calls).isEmpty();
    assertThat(handedOn).isEmpty();
    assertThat(audit).singleElement().asString().contains("\"Result\":\"forged_button\"", "\"outcome\":\"refused\"");
  }

  @Test
  void aButtonKeyThatCannotBeReadActsOnNothingAndIsAudited() {
    ButtonKeys unreadable = new ButtonKeys() {
      @Override
      public byte[] current(Duration timeLeft) {
        throw new StoreUnavailableException("the triage button key could not be read (AccessDeniedException)", true,
            null);
      }

      @Override
      public List<byte[]> accepted(boolean afresh, Duration timeLeft) {
        return List.of(current(timeLeft));
      }
    };
    Triage.Answer answer = answer(triage(timeLeft -> SECRET, unreadable), click("https://attacker.example/x"));
    assertThat(answer.body()).contains("cannot check this button now");
    assertThat(calls).isEmpty();
    assertThat(audit).singleElement().asString().contains("\"Result\":\"not_configured\"", "AccessDeniedException");
  }
}
