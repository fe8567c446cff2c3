package dev.guarddutyslack.triage;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.observability.Emf;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One JSON line for every click triage answers: who (Slack team and user), what (the action), which finding,
 * and the result; the same line is a CloudWatch Embedded Metric Format record of {@code TriageActions} by
 * {@code Action} and {@code Result}, so that a refused or failed click shows on a graph and an alarm.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF specification</a>
 */
public record TriageAudit(JsonFactory json, Consumer<String> sink, Clock clock) {
  /** What came of a click: the {@code Result} dimension. */
  public enum Result {
    DONE("INFO", "done"),
    REPLAY("INFO", "replay"),
    BAD_SIGNATURE("WARN", "refused"),
    STALE("WARN", "refused"),
    WRONG_TEAM("WARN", "refused"),
    NOT_ALLOWED("WARN", "refused"),
    INVALID("WARN", "refused"),
    /** The button's value has no MAC that a key of ours made: not made by this integration. */
    FORGED_BUTTON("WARN", "refused"),
    MEMBER_ACCOUNT("WARN", "refused"),
    GUARDDUTY_REFUSED("ERROR", "failed"),
    /** GuardDuty could not be asked, or said it could not act now: nothing changed. */
    GUARDDUTY_UNAVAILABLE("ERROR", "failed"),
    /** The action was sent and no answer came before the click's deadline: it may still complete. */
    GUARDDUTY_UNANSWERED("ERROR", "unknown"),
    NOT_CONFIGURED("ERROR", "failed");

    private final String level;
    private final String outcome;

    Result(String level, String outcome) {
      this.level = level;
      this.outcome = outcome;
    }

    /** The dimension's value: the name in lower case ({@code forged_button}). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** What came of the click for GuardDuty: done, refused, failed, unknown, or a replay. */
    public String outcome() {
      return outcome;
    }
  }

  /**
   * @param action the button's action, or {@code unknown} when the request could not be read or trusted
   * @param detail what went wrong, in the project's words or an AWS error name; may be null
   * @param replaced whether the message was replaced (null when no replacement was due)
   */
  public void record(String action, Result result, Optional<Interaction> click, Optional<FindingRef> ref,
                     String detail, Boolean replaced, int retry) {
    sink.accept(JsonWriting.text(json, g -> {
      // By result alone too, so that one alarm watches every failed click whatever its action.
      Emf.header(g, clock.millis(), List.of(List.of("Action", "Result"), List.of("Result")),
          Map.of("TriageActions", "Count"));
      g.writeStringField("level", result.level);
      g.writeStringField("message", "triage " + action + " " + result.outcome + ": " + result.label());
      g.writeStringField("Action", action);
      g.writeStringField("Result", result.label());
      g.writeStringField("outcome", result.outcome);
      g.writeNumberField("TriageActions", 1);
      if (click.isPresent()) {
        // Slack's ids, of checked shapes (a team id is only logged once it matched the configured one).
        if (result != Result.BAD_SIGNATURE && result != Result.STALE && result != Result.WRONG_TEAM) {
          g.writeStringField("team", click.get().teamId());
        }
        if (click.get().userId().isPresent()) {
          g.writeStringField("user", click.get().userId().get());
        }
      }
      if (ref.isPresent()) {
        g.writeStringField("findingId", ref.get().findingId());
        g.writeStringField("accountId", ref.get().account());
        g.writeStringField("region", ref.get().region());
        g.writeStringField("band", ref.get().band().name());
      }
      if (detail != null) {
        g.writeStringField("detail", detail);
      }
      if (replaced != null) {
        g.writeBooleanField("replaced", replaced);
      }
      if (retry > 0) {
        g.writeNumberField("slackRetry", retry);
      }
    }));
  }
}
