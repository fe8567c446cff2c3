package dev.guarddutyslack.triage;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * Answers one click on a finding's button, in this order, and stops at the first step that fails:
 * <ol>
 *   <li>the request is Slack's: its signature holds and its timestamp is recent ({@link SlackSignature}); else
 *       401, and nothing is called;</li>
 *   <li>it comes from the configured workspace; else 401;</li>
 *   <li>it is a click on a triage button (the console link's click is answered 200 and nothing else);</li>
 *   <li>its {@code response_url} is read: Slack's, or unusable (then the click is still acted on, and the HTTP
 *       answer's body says what came of it);</li>
 *   <li>it was not acted on before: the same click delivered again is answered 200 and nothing else;</li>
 *   <li>the user is allowed; else an ephemeral answer says why, and nothing is called;</li>
 *   <li>the button names a finding whose every id has its exact shape, and a key of ours made its MAC
 *       ({@link ButtonValue}): a button made by anyone else is refused, audited {@code forged_button};</li>
 *   <li>GuardDuty acts, in the finding's region: with the finding's own detector in this account, and with this
 *       account's detector for a member account's finding (GuardDuty lets only the administrator act on those); a
 *       refusal or no answer is explained ephemerally;</li>
 *   <li>the message is replaced: the same message, a line saying who did what to which finding and when, the
 *       buttons that make sense now;</li>
 *   <li>the click is handed on to the notifier ({@link ClickNotices}), which brings every message of the finding
 *       in the Slack app's channels up to date: the other destinations' copies too.</li>
 * </ol>
 * Slack wants its answer within 3 seconds. The whole click has one deadline, {@link #CLICK_TIME} from its
 * arrival, shared by every call it makes; GuardDuty gets what is left of it less {@link #REPLY_TIME}, kept for
 * the answer through {@code response_url}. Every click that gets past the signature, and every refused one, is
 * one audit line ({@link TriageAudit}).
 */
public final class Triage {
  /** From a click's arrival to the last call it makes. */
  public static final Duration CLICK_TIME = Duration.ofMillis(2500);
  /** Kept back from GuardDuty for the answer through {@code response_url}. */
  static final Duration REPLY_TIME = Duration.ofMillis(500);

  /** A request to the Function URL: its headers, names in lower case, and its body, decoded. */
  public record Request(Map<String, String> headers, byte[] body) {}

  /** The HTTP answer: Slack reads the status; the body says what came of the click, for whoever else reads it. */
  public record Answer(int status, String body) {
    static final Answer OK = new Answer(200, "");
  }

  /** The parts that reach outside, which SnapStart's rehearsal replaces for a moment. */
  public record Edges(SigningSecret secret, ButtonKeys keys, FindingActions guardDuty, ReplayGuard replays,
                      TriageAudit audit, ResponseUrl responses, ClickNotices notices) {}

  private final TriageSettings settings;
  private final Replies replies;
  private final Clock clock;
  private final Ticker ticker;
  private final JsonFactory json;
  private final Consumer<String> warnings;
  private final Edges edges;

  public Triage(TriageSettings settings, JsonFactory json, Edges edges, Clock clock, Ticker ticker,
                Consumer<String> warnings) {
    this.settings = settings;
    this.json = json;
    this.replies = new Replies(json);
    this.edges = edges;
    this.clock = clock;
    this.ticker = ticker;
    this.warnings = warnings;
  }

  /** The deadline of a click that arrives now. */
  public Deadline deadline() {
    return Deadline.after(ticker, CLICK_TIME, Duration.ZERO);
  }

  /**
   * @param ownAccount the account this function runs in (from its ARN)
   * @param deadline {@link #CLICK_TIME} from the click's arrival ({@link #deadline()})
   */
  public Answer answer(Request request, String ownAccount, Deadline deadline) {
    Edges now = edges;
    int retry = retry(request);
    String secret;
    try {
      secret = now.secret().current(deadline.remaining());
    } catch (StoreUnavailableException e) {
      now.audit().record("unknown", TriageAudit.Result.NOT_CONFIGURED, Optional.empty(), Optional.empty(),
          e.getMessage(), null, retry);
      return new Answer(500, "");
    }
    SlackSignature.Verdict verdict = SlackSignature.verify(secret, request.headers().get("x-slack-request-timestamp"),
        request.headers().get("x-slack-signature"), request.body(), clock.instant());
    if (verdict != SlackSignature.Verdict.VALID) {
      now.audit().record("unknown", verdict == SlackSignature.Verdict.STALE ? TriageAudit.Result.STALE
          : TriageAudit.Result.BAD_SIGNATURE, Optional.empty(), Optional.empty(), null, null, retry);
      return new Answer(401, "");
    }
    Optional<Interaction> read = Interaction.parse(json, request.body());
    if (read.isEmpty()) {
      now.audit().record("unknown", TriageAudit.Result.INVALID, read, Optional.empty(), "no readable payload", null,
          retry);
      return new Answer(400, "");
    }
    Interaction click = read.get();
    if (!settings.teamId().orElse("").equals(click.teamId())) {
      now.audit().record("unknown", TriageAudit.Result.WRONG_TEAM, read, Optional.empty(), null, null, retry);
      return new Answer(401, "");
    }
    Optional<TriageAction> action = TriageAction.of(click.actionId());
    if (!"block_actions".equals(click.type()) || action.isEmpty()) {
      return Answer.OK;
    }
    Optional<HttpUrl> reply = now.responses().usable(click.responseUrl());
    if (reply.isEmpty()) {
      warnings.accept("triage: the click's response_url is not Slack's, or not a URL that can be posted to; no"
          + " answer is sent to it");
    }
    Click current = new Click(click, action.get(), reply, deadline, now, retry);
    String key = key(click);
    if (!now.replays().first(key, deadline.remaining())) {
      now.audit().record(action.get().actionId(), TriageAudit.Result.REPLAY, read, Optional.empty(), null, null,
          retry);
      return Answer.OK;
    }
    try {
      return act(current, ownAccount);
    } catch (RuntimeException e) {
      now.replays().forget(key);
      throw e;
    }
  }

  /** One click being answered: what it asked, where its answer goes, by when. */
  private record Click(Interaction interaction, TriageAction action, Optional<HttpUrl> reply, Deadline deadline,
                       Edges edges, int retry) {
    String name() {
      return action.actionId();
    }

    void audit(TriageAudit.Result result, Optional<FindingRef> ref, String detail, Boolean replaced) {
      edges.audit().record(name(), result, Optional.of(interaction), ref, detail, replaced, retry);
    }
  }

  private Answer act(Click click, String ownAccount) {
    Interaction interaction = click.interaction();
    if (interaction.userId().isEmpty() || !settings.users().contains(interaction.userId().get())) {
      click.audit(TriageAudit.Result.NOT_ALLOWED, Optional.empty(), null, null);
      return tell(click, Mrkdwn.ours("You are not allowed to triage findings from Slack, so nothing was done. Ask whoever runs guardduty-slack to add your Slack user id to TriageUsers."));
    }
    ButtonValue.Reading reading;
    try {
      reading = read(interaction.value(), click);
    } catch (StoreUnavailableException e) {
      click.audit(TriageAudit.Result.NOT_CONFIGURED, Optional.empty(), e.getMessage(), null);
      return tell(click, Mrkdwn.ours("guardduty-slack cannot check this button now (its key cannot be read), so nothing was done. Try again in a minute, or act on the finding in the GuardDuty console."));
    }
    if (reading instanceof ButtonValue.Reading.NotAFinding) {
      click.audit(TriageAudit.Result.INVALID, Optional.empty(), "the button's value is not a finding", null);
      return tell(click, Mrkdwn.ours("This button does not name a GuardDuty finding, so nothing was done."));
    }
    if (reading instanceof ButtonValue.Reading.Forged forged) {
      click.audit(TriageAudit.Result.FORGED_BUTTON, Optional.of(forged.claimed()),
          "the button's MAC was not made by this integration's key", null);
      return tell(click, Mrkdwn.ours("This button was not made by this integration, so nothing was done. A message can be posted by anyone who holds one of its webhooks; act on findings from the messages guardduty-slack posted, or in the GuardDuty console."));
    }
    FindingRef finding = ((ButtonValue.Reading.Genuine) reading).ref();
    boolean member = !finding.account().equals(ownAccount);
    String stage = "detector";
    try {
      String detector = finding.detectorId();
      if (member) {
        List<String> own = click.edges().guardDuty().detectors(finding.region(), guardDutyTime(click));
        if (own.isEmpty()) {
          return memberAccount(click, finding, "no detector in its region");
        }
        detector = own.get(0);
      }
      stage = "action";
      click.edges().guardDuty().act(click.action(), finding.region(), detector, finding.findingId(),
          guardDutyTime(click));
    } catch (AwsException e) {
      if (member && (e.code() == AwsException.Code.INVALID || e.code() == AwsException.Code.NOT_PERMITTED)) {
        return memberAccount(click, finding, e.name());
      }
      if (stage.equals("action") && (e.code() == AwsException.Code.TIMEOUT
          || e.code() == AwsException.Code.CONNECTION)) {
        click.audit(TriageAudit.Result.GUARDDUTY_UNANSWERED, Optional.of(finding), e.name(), null);
        return tell(click, Mrkdwn.ours("GuardDuty is slow; the action may still complete. Look at the finding in the GuardDuty console before you click again."));
      }
      if (e.code().retryable()) {
        click.audit(TriageAudit.Result.GUARDDUTY_UNAVAILABLE, Optional.of(finding), e.name(), null);
        return tell(click, Mrkdwn.ours("GuardDuty could not act now, so the finding did not change. Click again in a minute, or act on it in the GuardDuty console."));
      }
      click.audit(TriageAudit.Result.GUARDDUTY_REFUSED, Optional.of(finding), e.name(), null);
      return tell(click, Mrkdwn.ours("GuardDuty refused the request (").plus(Mrkdwn.line(e.name(), 60))
          .plus(Mrkdwn.ours("), so nothing was done. The stack's TriageFunction role may lack the permission, or the finding no longer exists; its log line says more.")));
    }
    Instant at = clock.instant();
    boolean replaced = click.reply().isPresent() && click.edges().responses().post(click.reply().get(),
        replies.replacement(interaction.message(), click.action(), interaction.userId().get(), at,
            finding, interaction.value()), click.deadline().remaining()) / 100 == 2;
    click.audit(TriageAudit.Result.DONE, Optional.of(finding), handOn(click, finding, at), replaced);
    return new Answer(200, click.action().done() + " finding " + finding.findingId()
        + (click.reply().isPresent() ? "" : "; the message was not replaced: the click's response_url is not Slack's"));
  }

  /**
   * Hands the click on to the notifier, which brings the finding's other messages up to date (app mode); a failure
   * costs only that, and is said in the audit line's detail and a warning.
   */
  private String handOn(Click click, FindingRef finding, Instant at) {
    try {
      click.edges().notices().handOn(click.action(), finding, click.interaction().userId().orElseThrow(), at,
          click.deadline().remaining());
      return null;
    } catch (AwsException | StoreUnavailableException e) {
      String why = e instanceof AwsException aws ? aws.name() : "the button key cannot be read";
      warnings.accept("triage: the click could not be handed on to the notifier (" + why + "); its other messages"
          + " do not show it");
      return "not handed on to the notifier: " + why;
    }
  }

  /** The button's value, read against the keys; keys read again once when none of the cached ones made it. */
  private ButtonValue.Reading read(String value, Click click) {
    ButtonKeys keys = click.edges().keys();
    ButtonValue.Reading reading = ButtonValue.read(value, keys.accepted(false, click.deadline().remaining()));
    if (reading instanceof ButtonValue.Reading.Forged) {
      reading = ButtonValue.read(value, keys.accepted(true, click.deadline().remaining()));
    }
    return reading;
  }

  private Answer memberAccount(Click click, FindingRef finding, String detail) {
    click.audit(TriageAudit.Result.MEMBER_ACCOUNT, Optional.of(finding), detail, null);
    return tell(click, Mrkdwn.ours("GuardDuty lets only the administrator account act on a member account's finding, so nothing was done. Deploy guardduty-slack with triage in the GuardDuty administrator account (docs/triage.md in the project says how), or act on it there in the console."));
  }

  /** What GuardDuty may take now: the click's time left, less what its answer needs. */
  private static Duration guardDutyTime(Click click) {
    Duration left = click.deadline().remaining().minus(REPLY_TIME);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Tells the responder alone ({@code response_url}, ephemeral); where the URL is unusable, the HTTP answer's
   * body says it instead (Slack shows no body of a button's answer, but the log of whoever sent it does).
   */
  private Answer tell(Click click, Mrkdwn text) {
    if (click.reply().isPresent()) {
      click.edges().responses().post(click.reply().get(), replies.ephemeral(text), click.deadline().remaining());
    }
    return new Answer(200, text.toString());
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

  /** The edges production answers with (SnapStart's rehearsal derives its own from them). */
  public Edges edges() {
    return edges;
  }

  /** This triage working through other edges (SnapStart's rehearsal); production's own stay as they are. */
  public Triage with(Edges other) {
    return new Triage(settings, json, other, clock, ticker, warnings);
  }
}
