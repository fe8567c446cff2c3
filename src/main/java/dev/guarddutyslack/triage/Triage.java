package dev.guarddutyslack.triage;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.config.TriageSettings;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.slack.Mrkdwn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers one click on a finding's button, in this order, and stops at the first step that fails:
 * <ol>
 *   <li>the request is Slack's: its signature holds and its timestamp is recent ({@link SlackSignature}); else
 *       401, and nothing is called;</li>
 *   <li>it comes from the configured workspace; else 401;</li>
 *   <li>it is a click on a triage button (the console link's click is answered 200 and nothing else);</li>
 *   <li>it was not acted on before: the same click delivered again is answered 200 and nothing else;</li>
 *   <li>the user is allowed, and the button names a finding whose every id has its exact shape; else an
 *       ephemeral answer says why, and nothing is called;</li>
 *   <li>GuardDuty acts, in the finding's region, within {@link #GUARDDUTY_TIME}: with the finding's own
 *       detector in this account, and with this account's detector for a member account's finding (GuardDuty
 *       lets only the administrator act on those); a refusal or no answer is explained ephemerally;</li>
 *   <li>the message is replaced: the same message, a line saying who did what and when, the buttons that make
 *       sense now.</li>
 * </ol>
 * Slack wants its answer within 3 seconds; the two outside calls together take at most
 * {@link #GUARDDUTY_TIME} and {@link #RESPONSE_TIME}. Every click that gets past the signature, and every
 * refused one, is one audit line ({@link TriageAudit}).
 */
public final class Triage {
  public static final Duration GUARDDUTY_TIME = Duration.ofMillis(1500);
  public static final Duration RESPONSE_TIME = Duration.ofMillis(1000);

  /** A request to the Function URL: its headers, names in lower case, and its body, decoded. */
  public record Request(Map<String, String> headers, byte[] body) {}

  /** The HTTP answer: Slack only reads the status. */
  public record Answer(int status, String body) {
    static final Answer OK = new Answer(200, "");
  }

  /** The parts that reach outside, which SnapStart's rehearsal replaces for a moment. */
  public record Edges(SigningSecret secret, FindingActions guardDuty, ReplayGuard replays, TriageAudit audit) {}

  private final TriageSettings settings;
  private final Replies replies;
  private final ResponseUrl responses;
  private final Clock clock;
  private final JsonFactory json;
  private final Consumer<String> warnings;
  private volatile Edges edges;

  public Triage(TriageSettings settings, JsonFactory json, Edges edges, ResponseUrl responses, Clock clock,
                Consumer<String> warnings) {
    this.settings = settings;
    this.json = json;
    this.replies = new Replies(json);
    this.edges = edges;
    this.responses = responses;
    this.clock = clock;
    this.warnings = warnings;
  }

  /**
   * @param ownAccount the account this function runs in (from its ARN)
   */
  public Answer answer(Request request, String ownAccount) {
    Edges now = edges;
    String secret;
    try {
      secret = now.secret().current();
    } catch (StoreUnavailableException e) {
      now.audit().record("unknown", TriageAudit.Result.NOT_CONFIGURED, Optional.empty(), Optional.empty(), e.getMessage(),
          null, retry(request));
      return new Answer(500, "");
    }
    SlackSignature.Verdict verdict = SlackSignature.verify(secret, request.headers().get("x-slack-request-timestamp"),
        request.headers().get("x-slack-signature"), request.body(), clock.instant());
    if (verdict != SlackSignature.Verdict.VALID) {
      now.audit().record("unknown", verdict == SlackSignature.Verdict.STALE ? TriageAudit.Result.STALE
          : TriageAudit.Result.BAD_SIGNATURE, Optional.empty(), Optional.empty(), null, null, retry(request));
      return new Answer(401, "");
    }
    Optional<Interaction> read = Interaction.parse(json, request.body());
    if (read.isEmpty()) {
      now.audit().record("unknown", TriageAudit.Result.INVALID, read, Optional.empty(), "no readable payload", null,
          retry(request));
      return new Answer(400, "");
    }
    Interaction click = read.get();
    if (!settings.teamId().orElse("").equals(click.teamId())) {
      now.audit().record("unknown", TriageAudit.Result.WRONG_TEAM, read, Optional.empty(), null, null, retry(request));
      return new Answer(401, "");
    }
    Optional<TriageAction> action = TriageAction.of(click.actionId());
    if (!"block_actions".equals(click.type()) || action.isEmpty()) {
      return Answer.OK;
    }
    String key = key(click);
    if (!now.replays().first(key)) {
      now.audit().record(action.get().actionId(), TriageAudit.Result.REPLAY, read, FindingRef.parse(click.value()), null,
          null, retry(request));
      return Answer.OK;
    }
    try {
      act(action.get(), click, ownAccount, now, retry(request));
      return Answer.OK;
    } catch (RuntimeException e) {
      now.replays().forget(key);
      throw e;
    }
  }

  private void act(TriageAction action, Interaction click, String ownAccount, Edges now, int retry) {
    Optional<Interaction> read = Optional.of(click);
    String name = action.actionId();
    boolean canAnswer = ResponseUrl.acceptable(click.responseUrl());
    if (!canAnswer) {
      warnings.accept("triage: the click's response_url is not Slack's; no answer is sent to it");
    }
    if (click.userId().isEmpty() || !settings.users().contains(click.userId().get())) {
      if (canAnswer) {
        tell(click, Mrkdwn.ours("You are not allowed to triage findings from Slack, so nothing was done. Ask whoever runs guardduty-slack to add your Slack user id to TriageUsers."));
      }
      now.audit().record(name, TriageAudit.Result.NOT_ALLOWED, read, Optional.empty(), null, null, retry);
      return;
    }
    Optional<FindingRef> ref = FindingRef.parse(click.value());
    if (ref.isEmpty()) {
      if (canAnswer) {
        tell(click, Mrkdwn.ours("This button does not name a GuardDuty finding, so nothing was done."));
      }
      now.audit().record(name, TriageAudit.Result.INVALID, read, ref, "the button's value is not a finding", null, retry);
      return;
    }
    FindingRef finding = ref.get();
    boolean member = !finding.account().equals(ownAccount);
    try {
      String detector = finding.detectorId();
      if (member) {
        List<String> own = now.guardDuty().detectors(finding.region(), GUARDDUTY_TIME);
        if (own.isEmpty()) {
          throw new MemberAccount();
        }
        detector = own.get(0);
      }
      now.guardDuty().act(action, finding.region(), detector, finding.findingId(), GUARDDUTY_TIME);
    } catch (MemberAccount e) {
      refused(now, click, canAnswer, name, finding, "no detector in its region", retry);
      return;
    } catch (AwsException e) {
      if (member && (e.code() == AwsException.Code.INVALID || e.code() == AwsException.Code.NOT_PERMITTED)) {
        refused(now, click, canAnswer, name, finding, e.name(), retry);
      } else if (e.code().retryable()) {
        if (canAnswer) {
          tell(click, Mrkdwn.ours("GuardDuty did not answer in time, so the finding may not have changed. Click again in a minute, or act on it in the GuardDuty console."));
        }
        now.audit().record(name, TriageAudit.Result.GUARDDUTY_UNANSWERED, read, ref, e.name(), null, retry);
      } else {
        if (canAnswer) {
          tell(click, Mrkdwn.ours("GuardDuty refused the request (").plus(Mrkdwn.line(e.name(), 60))
              .plus(Mrkdwn.ours("), so nothing was done. The stack's TriageFunction role may lack the permission, or the finding no longer exists; its log line says more.")));
        }
        now.audit().record(name, TriageAudit.Result.GUARDDUTY_REFUSED, read, ref, e.name(), null, retry);
      }
      return;
    }
    boolean replaced = canAnswer && responses.post(click.responseUrl(), replies.replacement(click.message(), action,
        click.userId().get(), clock.instant(), finding), RESPONSE_TIME) / 100 == 2;
    now.audit().record(name, TriageAudit.Result.DONE, read, ref, null, replaced, retry);
  }

  private void refused(Edges now, Interaction click, boolean canAnswer, String name, FindingRef finding,
                       String detail, int retry) {
    if (canAnswer) {
      tell(click, Mrkdwn.ours("GuardDuty lets only the administrator account act on a member account's finding, so nothing was done. Deploy guardduty-slack with triage in the GuardDuty administrator account (the README's Triage from Slack says how), or act on it there in the console."));
    }
    now.audit().record(name, TriageAudit.Result.MEMBER_ACCOUNT, Optional.of(click), Optional.of(finding), detail,
        null, retry);
  }

  private boolean tell(Interaction click, Mrkdwn text) {
    return responses.post(click.responseUrl(), replies.ephemeral(text), RESPONSE_TIME) / 100 == 2;
  }

  /** The same click, delivered again, has the same key; another click (even of the same button) has another. */
  private static String key(Interaction click) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(click.teamId(), click.userId().orElse(""), click.actionTs(), click.actionId(),
          click.value())) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static int retry(Request request) {
    String value = request.headers().get("x-slack-retry-num");
    return value != null && value.matches("\\d{1,3}") ? Integer.parseInt(value) : 0;
  }

  /**
   * Runs {@code rehearsal} with other edges (SnapStart's priming), then puts production's back.
   */
  public void rehearse(Edges rehearsal, Runnable run) {
    // One rehearsal at a time, before any request: SnapStart's hook runs before the snapshot serves one.
    Edges production = edges;
    edges = rehearsal;
    try {
      run.run();
    } finally {
      edges = production;
    }
  }

  private static final class MemberAccount extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MemberAccount() {
      super(null, null, false, false);
    }
  }
}
