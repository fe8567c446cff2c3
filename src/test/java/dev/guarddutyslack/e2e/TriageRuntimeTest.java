package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.GuardDutyStandIn;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.SlackClicks;
import dev.guarddutyslack.testing.Template;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.triage.SlackSignature;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The template's triage function under the real Lambda runtime interface client, answering Function URL
 * requests (payload format 2.0, body base64-encoded as Lambda sends a form body) signed as Slack signs them:
 * a finding posted by the notifier with triage on, its message's buttons clicked, GuardDuty called on a
 * loopback stand-in that checks each request against GuardDuty's API model and its SigV4 signature, and the
 * message replaced through {@code response_url} on a loopback Slack.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html">Function URL payloads</a>
 * @see <a href="https://api.slack.com/reference/interaction-payloads/block-actions">block_actions payloads</a>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriageRuntimeTest {
  private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final String TEAM = "T0TEAM1";
  private static final String ALLOWED = "U0ALLOWED1";
  private static final String DETECTOR = "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7";
  private static final String ADMIN_DETECTOR = "0a0b0c0d0e0f00112233445566778899";
  private static final String FINDING = "d60c8da498e65e3091c69055272e2fbc";

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  private static final java.time.format.DateTimeFormatter MINUTE =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm");
  private final MockWebServer guardDutyServer = MockServers.create();
  private final MockWebServer runtimeServer = MockServers.create();
  private final GuardDutyStandIn guardDuty = new GuardDutyStandIn("testing", "testing");
  private final RuntimeApi runtimeApi = new RuntimeApi(10_000);
  private final AtomicInteger clicks = new AtomicInteger();
  private LambdaProcess function;
  private JsonNode posted;

  @BeforeAll
  void start() throws Exception {
    guardDutyServer.setDispatcher(guardDuty);
    guardDutyServer.start();
    runtimeServer.setDispatcher(runtimeApi);
    runtimeServer.start();
    guardDuty.detector("eu-west-1", ADMIN_DETECTOR);

    // The finding as the notifier posts it with triage on.
    Map<String, String> notifier = Map.of("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/x"),
        "SLACK_SIGNING_SECRET", SECRET, "TRIAGE_USERS", ALLOWED, "SLACK_TEAM_ID", TEAM,
        "TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY);
    try (TestApp app = new TestApp(notifier, Ticker.SYSTEM)) {
      app.invoke(TestApp.sqsBatch(Fixtures.event("finding-high")));
    }
    assertThat(slack.count()).isEqualTo(1);
    posted = RecordingSlack.json(slack.next(Duration.ofSeconds(5)));

    Map<String, String> env = LambdaProcess.lambdaVariables("eu-west-1");
    env.putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
        "AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:" + guardDutyServer.getPort(),
        "SLACK_SIGNING_SECRET", SECRET, "TRIAGE_USERS", ALLOWED + ",U0OTHER22", "SLACK_TEAM_ID", TEAM,
        "TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY));
    // Only Slack's hosts are answered in production; here the loopback Slack is, as the stack never allows.
    env.put("SLACK_RESPONSE_URL_PREFIX", slack.url("/actions/"));
    String handler = Template.load().resource("TriageFunction").at("/Properties/Handler").asText();
    assertThat(handler).isEqualTo("dev.guarddutyslack.TriageHandler::handleRequest");
    List<String> classPath = new ArrayList<>(List.of(Fixtures.BASE.resolve("target/classes").toString(),
        Path.of(System.getProperty("lambda.lib", "target/lambda/lib")) + File.separator + "*"));
    function = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env, handler, classPath, List.of());
  }

  @AfterAll
  void stop() throws Exception {
    if (function != null) {
      function.close();
    }
    runtimeApi.shutdown();
    runtimeServer.close();
    guardDutyServer.close();
  }

  @BeforeEach
  void reset() {
    slack.clear();
    guardDuty.delay(Duration.ZERO);
    guardDuty.refuseWith(null);
  }

  @AfterEach
  void settle() throws Exception {
    // A request the function gave up on is still answered late; it must not land in the next test's calls.
    guardDuty.awaitIdle(Duration.ofSeconds(10));
  }

  /** A click on the button {@code actionId} of {@code message}, as Slack posts it (form body, one field). */
  private String payload(JsonNode message, String actionId, String user, String team, String value) {
    return payload(message, actionId, user, team, value, slack.url("/actions/" + team + "/1/" + clicks.get()));
  }

  private String payload(JsonNode message, String actionId, String user, String team, String value,
                         String responseUrl) {
    return SlackClicks.payload(message, "C0SEC1", "1767225600.000100", actionId, user, team, value, responseUrl,
        "1767225600." + clicks.incrementAndGet());
  }

  private String button(JsonNode message, String actionId) {
    return SlackClicks.button(message, actionId);
  }

  private ObjectNode functionUrlEvent(String body, Map<String, String> headers, boolean base64, String method) {
    return SlackClicks.functionUrlEvent(body, headers, base64, method, "r" + clicks.get());
  }

  private record Result(int status, long millis) {}

  private Result send(String body, Map<String, String> extraHeaders, long timestamp, String secret) throws Exception {
    return invoke(SlackClicks.signed(body, secret, timestamp, extraHeaders, "r" + clicks.get()));
  }

  private Result send(String body) throws Exception {
    return send(body, Map.of(), System.currentTimeMillis() / 1000, SECRET);
  }

  private Result invoke(ObjectNode event) throws Exception {
    long start = System.nanoTime();
    RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(event.toString()), 30);
    assertThat(answer.error()).as(function.output()).isFalse();
    JsonNode response = TestApp.MAPPER.readTree(answer.body());
    return new Result(response.path("statusCode").asInt(), (answer.receivedNanos() - start) / 1_000_000);
  }

  /**
   * The function's next post to response_url. The function posts before it answers, so by the time a click's
   * answer is in, its post is recorded; the wait is only a bound.
   */
  private JsonNode nextResponse() throws Exception {
    RecordedRequest request = slack.next(Duration.ofSeconds(5));
    assertThat(request.getUrl().encodedPath()).startsWith("/actions/" + TEAM + "/");
    return RecordingSlack.json(request);
  }

  private List<String> blockTexts(JsonNode message) {
    List<String> texts = new ArrayList<>();
    message.at("/attachments/0/blocks").forEach(b -> texts.add(b.toString()));
    return texts;
  }

  @Test
  void archiveUsefulAndUnarchiveActOnTheFindingAndReplaceTheMessage() throws Exception {
    String value = button(posted, "archive");
    assertThat(value).matches("111122223333:eu-west-1:" + DETECTOR + ":" + FINDING
        + ":HIGH:[0-9a-f]{32}:Trojan:EC2/DNSDataExfiltration");
    int before = guardDuty.calls().size();
    LocalTime clickedAt = LocalTime.now(ZoneOffset.UTC);
    Result archived = send(payload(posted, "archive", ALLOWED, TEAM, value));
    LocalTime answeredAt = LocalTime.now(ZoneOffset.UTC);
    assertThat(archived.status()).isEqualTo(200);
    assertThat(guardDuty.calls().subList(before, guardDuty.calls().size())).containsExactly(
        new GuardDutyStandIn.Call("ArchiveFindings", "eu-west-1", DETECTOR, List.of(FINDING), null));
    JsonNode replaced = nextResponse();
    assertThat(replaced.path("replace_original").asBoolean()).isTrue();
    assertThat(replaced.path("text").asText()).isEqualTo(posted.path("text").asText());
    assertThat(replaced.at("/attachments/0/color").asText()).isEqualTo(posted.at("/attachments/0/color").asText());
    List<String> original = blockTexts(posted);
    List<String> now = blockTexts(replaced);
    // The finding's blocks as they were, then who did what, then the buttons that make sense now.
    assertThat(now.subList(0, original.size() - 1)).isEqualTo(original.subList(0, original.size() - 1));
    String done = replaced.at("/attachments/0/blocks").get(now.size() - 2).at("/elements/0/text").asText();
    assertThat(done).matches("Archived by <@" + ALLOWED + "> at \\d\\d:\\d\\d UTC \u00B7 finding `d60c8da4`\u2026");
    // The minute of the click: between the minute the test sent it and the minute its answer came.
    String shown = done.substring(done.indexOf(" at ") + 4, done.indexOf(" UTC"));
    assertThat(shown).isIn(clickedAt.format(MINUTE), answeredAt.format(MINUTE));
    assertThat(button(replaced, "unarchive")).isEqualTo(value);
    assertThat(replaced.toString()).doesNotContain("\"action_id\":\"archive\"");
    assertThat(function.output()).contains("\"Action\":\"archive\"", "\"Result\":\"done\"", "\"user\":\"" + ALLOWED
        + "\"", "\"findingId\":\"" + FINDING + "\"", "\"replaced\":true", "\"TriageActions\":1");

    send(payload(replaced, "useful", ALLOWED, TEAM, value));
    assertThat(guardDuty.calls().get(guardDuty.calls().size() - 1)).isEqualTo(
        new GuardDutyStandIn.Call("UpdateFindingsFeedback", "eu-west-1", DETECTOR, List.of(FINDING), "USEFUL"));
    JsonNode marked = nextResponse();
    assertThat(marked.toString()).contains("Archived by <@" + ALLOWED + ">", "Marked useful by <@" + ALLOWED + ">");
    assertThat(button(marked, "unarchive")).as("still archived").isEqualTo(value);

    send(payload(marked, "unarchive", ALLOWED, TEAM, value));
    assertThat(guardDuty.calls().get(guardDuty.calls().size() - 1)).isEqualTo(
        new GuardDutyStandIn.Call("UnarchiveFindings", "eu-west-1", DETECTOR, List.of(FINDING), null));
    JsonNode unarchived = nextResponse();
    assertThat(button(unarchived, "archive")).isEqualTo(value);
    assertThat(unarchived.toString()).contains("Unarchived by <@" + ALLOWED + ">");

    send(payload(unarchived, "not_useful", ALLOWED, TEAM, value));
    assertThat(guardDuty.calls().get(guardDuty.calls().size() - 1).feedback()).isEqualTo("NOT_USEFUL");
    nextResponse();
    assertThat(guardDuty.problems()).isEmpty();
  }

  @Test
  void theSameClickDeliveredAgainIsAnsweredWithoutASecondCallOrUpdate() throws Exception {
    String body = payload(posted, "useful", ALLOWED, TEAM, button(posted, "useful"));
    long timestamp = System.currentTimeMillis() / 1000;
    int before = guardDuty.calls().size();
    assertThat(send(body, Map.of(), timestamp, SECRET).status()).isEqualTo(200);
    nextResponse();
    int posts = slack.count();
    assertThat(send(body, Map.of("x-slack-retry-num", "1", "x-slack-retry-reason", "http_timeout"), timestamp,
        SECRET).status()).isEqualTo(200);
    // The function calls GuardDuty and posts before it answers: with its answer in, nothing more can come.
    assertThat(guardDuty.calls()).hasSize(before + 1);
    assertThat(slack.count()).as("no second update").isEqualTo(posts);
    assertThat(function.output()).contains("\"Result\":\"replay\"", "\"slackRetry\":1");
  }

  @Test
  void aForgedStaleOrForeignRequestGets401AndNothingIsCalled() throws Exception {
    String body = payload(posted, "archive", ALLOWED, TEAM, button(posted, "archive"));
    long now = System.currentTimeMillis() / 1000;
    int before = guardDuty.calls().size();
    assertThat(send(body, Map.of(), now, SECRET.replace('0', '1')).status()).as("signed with another secret")
        .isEqualTo(401);
    assertThat(send(body, Map.of(), now - 301, SECRET).status()).as("five minutes and a second old").isEqualTo(401);
    assertThat(send(payload(posted, "archive", ALLOWED, "T0OTHER9", button(posted, "archive"))).status())
        .as("another workspace").isEqualTo(401);
    // Signed, then changed on the way.
    Map<String, String> headers = Map.of("x-slack-request-timestamp", Long.toString(now), "x-slack-signature",
        SlackSignature.sign(SECRET, Long.toString(now), body.getBytes(StandardCharsets.UTF_8)));
    assertThat(invoke(functionUrlEvent(body.replace("archive", "unarchive"), headers, true, "POST")).status())
        .isEqualTo(401);
    assertThat(invoke(functionUrlEvent(body, Map.of(), true, "POST")).status()).as("unsigned").isEqualTo(401);
    assertThat(invoke(functionUrlEvent(body, headers, true, "GET")).status()).isEqualTo(405);
    assertThat(guardDuty.calls()).hasSize(before);
    assertThat(slack.count()).isZero();
    assertThat(function.output()).contains("\"Result\":\"bad_signature\"", "\"Result\":\"stale\"",
        "\"Result\":\"wrong_team\"");
  }

  @Test
  void aUserNotAllowedOrAValueNotAFindingIsToldAndNothingIsCalled() throws Exception {
    int before = guardDuty.calls().size();
    assertThat(send(payload(posted, "archive", "U0INTRUDER", TEAM, button(posted, "archive"))).status())
        .isEqualTo(200);
    JsonNode told = nextResponse();
    assertThat(told.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(told.path("replace_original").asBoolean(true)).isFalse();
    assertThat(told.path("text").asText()).contains("not allowed");
    String forged = "111122223333:eu-west-1:" + DETECTOR + "/../../x:" + FINDING + ":HIGH";
    assertThat(send(payload(posted, "archive", ALLOWED, TEAM, forged)).status()).isEqualTo(200);
    assertThat(nextResponse().path("text").asText()).contains("does not name a GuardDuty finding");
    assertThat(guardDuty.calls()).hasSize(before);
    assertThat(function.output()).contains("\"Result\":\"not_allowed\"", "\"user\":\"U0INTRUDER\"",
        "\"Result\":\"invalid\"");
  }

  @Test
  void theConsoleLinksClickIsAnsweredAndIgnored() throws Exception {
    int before = guardDuty.calls().size();
    // Unencoded, too: the function reads the body either way.
    String body = payload(posted, "open_console", ALLOWED, TEAM, null);
    long now = System.currentTimeMillis() / 1000;
    Map<String, String> headers = Map.of("x-slack-request-timestamp", Long.toString(now), "x-slack-signature",
        SlackSignature.sign(SECRET, Long.toString(now), body.getBytes(StandardCharsets.UTF_8)));
    assertThat(invoke(functionUrlEvent(body, headers, false, "POST")).status()).isEqualTo(200);
    assertThat(guardDuty.calls()).hasSize(before);
    assertThat(slack.count()).isZero();
  }

  /**
   * A member account's finding, in the administrator account: acted on through this account's detector in
   * the finding's region; where GuardDuty refuses (this is not the administrator), the responder is told.
   */
  @Test
  void aMemberAccountsFindingGoesThroughThisAccountsDetectorOrIsExplained() throws Exception {
    String value = memberValue();
    int before = guardDuty.calls().size();
    assertThat(send(payload(posted, "archive", ALLOWED, TEAM, value)).status()).isEqualTo(200);
    List<GuardDutyStandIn.Call> calls = guardDuty.calls().subList(before, guardDuty.calls().size());
    assertThat(calls.get(calls.size() - 1)).isEqualTo(
        new GuardDutyStandIn.Call("ArchiveFindings", "eu-west-1", ADMIN_DETECTOR, List.of(FINDING), null));
    assertThat(nextResponse().path("replace_original").asBoolean()).isTrue();

    guardDuty.refuseWith("BadRequestException");
    assertThat(send(payload(posted, "archive", ALLOWED, TEAM, value)).status()).isEqualTo(200);
    JsonNode told = nextResponse();
    assertThat(told.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(told.path("text").asText()).contains("only the administrator account",
        "GuardDuty administrator account");
    assertThat(function.output()).contains("\"Result\":\"member_account\"");
  }

  /** The value the notifier gives a member account's finding, as the administrator's notifier posts it. */
  private static String memberValue() {
    return memberValue("eu-west-1");
  }

  private static String memberValue(String region) {
    return ButtonValue.write(FindingRef.of("444455556666", region, DETECTOR, FINDING, Severity.MEDIUM,
        "Recon:EC2/PortProbeUnprotectedPort").orElseThrow(), Fixtures.BUTTON_KEY.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Slow GuardDuty for a member account's finding: the detector lookup and the action each take 1.4 s. The click
   * has one deadline of 2.5 s from its arrival, shared by every call, so Slack is answered within 3 s and the
   * responder told that the action may still complete; the audit says its outcome is unknown. The detector, once
   * known, is not asked for again.
   */
  @Test
  void aSlowGuardDutyIsAnsweredWithinOneDeadlineAndTheDetectorIsAskedOnce() throws Exception {
    // A region of its own: no other test has had its detector looked up.
    guardDuty.detector("eu-central-1", ADMIN_DETECTOR);
    guardDuty.delay(Duration.ofMillis(1400));
    String value = memberValue("eu-central-1");
    int arrived = guardDuty.arrivals().size();
    Result result = send(payload(posted, "archive", ALLOWED, TEAM, value));
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.millis()).as("answered within Slack's 3 seconds").isLessThan(3000);
    assertThat(guardDuty.arrivals().subList(arrived, guardDuty.arrivals().size()))
        .containsExactly("GET /detector", "POST /detector/" + ADMIN_DETECTOR + "/findings/archive");
    JsonNode told = nextResponse();
    assertThat(told.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(told.path("text").asText()).isEqualTo("GuardDuty is slow; the action may still complete. Look at the"
        + " finding in the GuardDuty console before you click again.");
    assertThat(lines("Result")).last().satisfies(audit -> {
      assertThat(audit.path("Result").asText()).isEqualTo("guardduty_unanswered");
      assertThat(audit.path("outcome").asText()).isEqualTo("unknown");
    });

    guardDuty.awaitIdle(Duration.ofSeconds(10));
    guardDuty.delay(Duration.ZERO);
    arrived = guardDuty.arrivals().size();
    send(payload(posted, "archive", ALLOWED, TEAM, value));
    assertThat(guardDuty.arrivals().subList(arrived, guardDuty.arrivals().size())).as("the detector, remembered")
        .containsExactly("POST /detector/" + ADMIN_DETECTOR + "/findings/archive");
    assertThat(nextResponse().path("replace_original").asBoolean()).isTrue();
  }

  /**
   * The confused deputy: anyone who holds one of the app's webhooks posts a message whose Archive button names
   * another finding (here with the MAC of the genuine button copied, and with none at all). An allowed responder
   * clicks it: nothing reaches GuardDuty, the responder is told the button is not ours, and the audit says
   * {@code forged_button}.
   */
  @Test
  void aButtonPostedThroughAWebhookByAnyoneElseActsOnNothing() throws Exception {
    String genuine = button(posted, "archive");
    String other = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    for (String forgedValue : List.of(genuine.replace(FINDING, other),
        "111122223333:eu-west-1:" + DETECTOR + ":" + other + ":CRITICAL")) {
      ObjectNode forged = posted.deepCopy();
      forged.findParents("action_id").forEach(b -> {
        if (b.path("action_id").asText().equals("archive")) {
          ((ObjectNode) b).put("value", forgedValue);
        }
      });
      try (Response post = new OkHttpClient().newCall(new Request.Builder().url(slack.url("/services/T0/B0/x"))
          .post(RequestBody.create(forged.toString(), MediaType.get("application/json"))).build()).execute()) {
        assertThat(post.code()).isEqualTo(200);
      }
      JsonNode shown = RecordingSlack.json(slack.next(Duration.ofSeconds(5)));
      int before = guardDuty.arrivals().size();

      assertThat(send(payload(shown, "archive", ALLOWED, TEAM, button(shown, "archive"))).status()).isEqualTo(200);

      assertThat(guardDuty.arrivals()).as("nothing reached GuardDuty").hasSize(before);
      JsonNode told = nextResponse();
      assertThat(told.path("response_type").asText()).isEqualTo("ephemeral");
      assertThat(told.path("text").asText()).startsWith("This button was not made by this integration");
      assertThat(lines("Result")).last().satisfies(audit -> {
        assertThat(audit.path("Result").asText()).isEqualTo("forged_button");
        assertThat(audit.path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.path("findingId").asText()).isEqualTo(other);
      });
    }
  }

  /**
   * A response_url that the HTTP client cannot post to (port 99999), or that names the Runtime API: read before
   * GuardDuty is called, never posted to; the click is still acted on, Slack gets 200, the audit line is written.
   */
  @Test
  void aResponseUrlThatCannotBeAnsweredIsReadFirstAndTheClickStillActs() throws Exception {
    String value = button(posted, "useful");
    // Port 99999, which OkHttp cannot post to; and a loopback URL outside the allowed prefix (this test's own
    // stand-in for the Runtime API, which in Lambda listens on 127.0.0.1:9001).
    for (String url : List.of("https://hooks.slack.com:99999/actions/T0TEAM1/1/x", "http://127.0.0.1:99999/actions/x",
        slack.url("/2018-06-01/runtime/invocation/next"))) {
      int before = guardDuty.calls().size();
      int posts = slack.count();
      Result result = send(payload(posted, "useful", ALLOWED, TEAM, value, url));
      assertThat(result.status()).isEqualTo(200);
      assertThat(guardDuty.calls().subList(before, guardDuty.calls().size())).containsExactly(
          new GuardDutyStandIn.Call("UpdateFindingsFeedback", "eu-west-1", DETECTOR, List.of(FINDING), "USEFUL"));
      assertThat(slack.count()).as("nothing posted to it").isEqualTo(posts);
      assertThat(lines("Result")).last().satisfies(audit -> {
        assertThat(audit.path("Result").asText()).isEqualTo("done");
        assertThat(audit.path("replaced").asBoolean(true)).isFalse();
      });
    }
    assertThat(function.output()).contains("response_url is not Slack's");
  }

  /** The function's JSON lines that have {@code field}, in order. */
  private List<JsonNode> lines(String field) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : function.output().split("\n")) {
      if (line.startsWith("{") && line.contains("\"" + field + "\"")) {
        lines.add(TestApp.MAPPER.readTree(line));
      }
    }
    return lines;
  }
}
