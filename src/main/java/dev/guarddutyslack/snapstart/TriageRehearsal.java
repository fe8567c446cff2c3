package dev.guarddutyslack.snapstart;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.triage.FindingActions;
import dev.guarddutyslack.triage.SecretsSigningSecret;
import dev.guarddutyslack.triage.SlackSignature;
import dev.guarddutyslack.triage.Triage;
import dev.guarddutyslack.triage.TriageAction;
import dev.guarddutyslack.triage.TriageSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * The triage function's part of the checkpoint. The rehearsal: {@link #ROUNDS} signed clicks on Archive answered by
 * production's {@link Triage}, with its edges swapped for the rehearsal's (a signing secret and a button key of its
 * own, a GuardDuty that does nothing, a memory of clicks, an audit that writes nowhere) and each replacement posted
 * to the loopback Slack, so that reading, verifying, replying and posting are warm. Then GuardDuty's
 * {@code ListDetectors} in the function's region, which reads and changes nothing, so that signing and the TLS
 * path to GuardDuty are warm too; then credentials, pooled connections, the signing secret and the button key are
 * forgotten.
 */
public final class TriageRehearsal implements Checkpoint.Rehearsal {
  public static final int ROUNDS = 20;
  /** The rehearsal's signing secret: its clicks are signed with it. */
  public static final String SECRET = "0123456789abcdef0123456789abcdef";
  /** The rehearsal's button key: its clicks carry buttons it made. */
  public static final ButtonKeys KEY = ButtonKeys.of("fedcba9876543210fedcba9876543210");
  /** The rehearsal's GuardDuty: one detector, and no action taken. */
  public static final FindingActions NOTHING = new FindingActions() {
    @Override
    public void act(TriageAction action, String region, String detectorId, String findingId, Duration timeLeft) {
    }

    @Override
    public List<String> detectors(String region, Duration timeLeft) {
      return List.of("0".repeat(32));
    }
  };

  private final Triage triage;
  private final TriageSettings settings;
  private final JsonFactory json;
  private final Function<String, Triage.Edges> rehearsalEdges;
  private final Production production;

  /**
   * What of production the checkpoint primes and forgets: GuardDuty in the function's region, the credentials, the
   * signing secret, the button key, the client whose pooled connections are dropped; and where warnings go.
   */
  public record Production(FindingActions guardDuty, Optional<String> region, Optional<AwsCredentials> credentials,
                           Optional<SecretsSigningSecret> secret, ButtonKeys keys, OkHttpClient http,
                           Consumer<String> warnings) {}

  /** @param rehearsalEdges the rehearsal's edges, given the folder its replies go to (on the loopback Slack) */
  public TriageRehearsal(Triage triage, TriageSettings settings, JsonFactory json,
                         Function<String, Triage.Edges> rehearsalEdges, Production production) {
    this.triage = triage;
    this.settings = settings;
    this.json = json;
    this.rehearsalEdges = rehearsalEdges;
    this.production = production;
  }

  @Override
  public String path() {
    return "the click path";
  }

  @Override
  public int rehearse(LoopbackSlack slack) {
    String replies = slack.url("/rehearsal/");
    Triage rehearsing = triage.with(rehearsalEdges.apply(replies));
    for (int i = 0; i < ROUNDS; i++) {
      rehearsing.answer(signed(click(replies, i)), "111122223333", rehearsing.deadline());
    }
    return ROUNDS;
  }

  @Override
  public void primeAws() {
    production.region().ifPresent(region -> {
      try {
        production.guardDuty().detectors(region, Duration.ofSeconds(3));
      } catch (AwsException e) {
        production.warnings().accept("SnapStart priming: GuardDuty's ListDetectors failed (" + e.getMessage()
            + "); restores will be slower");
      }
    });
  }

  @Override
  public void forget() {
    production.credentials().ifPresent(AwsCredentials::forget);
    production.secret().ifPresent(SecretsSigningSecret::forget);
    production.keys().forget();
    production.http().connectionPool().evictAll();
  }

  private Triage.Request signed(byte[] body) {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    return new Triage.Request(Map.of("x-slack-request-timestamp", timestamp,
        "x-slack-signature", SlackSignature.sign(SECRET, timestamp, body)), body);
  }

  /** A click on Archive, as Slack sends it: a form field holding the payload. */
  private byte[] click(String responseUrl, int round) {
    String payload = JsonWriting.text(json, g -> {
      g.writeStringField("type", "block_actions");
      g.writeObjectFieldStart("team");
      g.writeStringField("id", settings.teamId().orElseThrow());
      g.writeEndObject();
      g.writeObjectFieldStart("user");
      g.writeStringField("id", settings.users().iterator().next());
      g.writeEndObject();
      g.writeStringField("response_url", responseUrl);
      g.writeArrayFieldStart("actions");
      g.writeStartObject();
      g.writeStringField("action_id", TriageAction.ARCHIVE.actionId());
      g.writeStringField("value", ButtonValue.write(FindingRef.of("111122223333", "us-east-1", "a".repeat(32),
          "b".repeat(32), Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow(),
          KEY.current(Duration.ZERO)));
      g.writeStringField("action_ts", "1700000000." + round);
      g.writeEndObject();
      g.writeEndArray();
      g.writeObjectFieldStart("message");
      g.writeStringField("text", "priming");
      g.writeArrayFieldStart("attachments");
      g.writeStartObject();
      g.writeStringField("color", "#B30000");
      g.writeArrayFieldStart("blocks");
      g.writeStartObject();
      g.writeStringField("type", "actions");
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    });
    return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }
}
