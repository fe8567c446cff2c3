package dev.guarddutyslack.outcome;

import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What became of one input, and why: the decision log line and the invocation's answer are written from
 * it. Built by name ({@link #afterPost}, {@link #failed}, …).
 *
 * @param inputId the SQS message id or bare event id
 * @param reason why, on one line (null for a plain first post)
 * @param finding the finding, when the input was one
 * @param delivery what Slack answered, when a post was tried
 * @param elapsed how long the decision took (claim, post and retries)
 * @param routed which rules decided and where the finding went; {@link Routed#NONE} before routing
 */
public record Outcome(String inputId, Decision decision, String reason, Finding finding, DeliveryOutcome delivery,
                      Duration elapsed, Routed routed) {

  /**
   * Which routing rules decided ({@code route} in the log), the destination this outcome is for, and all the
   * destinations of the finding. One finding sent to two destinations has an outcome for each.
   */
  public record Routed(Optional<String> rules, Optional<String> destination, List<String> destinations) {
    public static final Routed NONE = new Routed(Optional.empty(), Optional.empty(), List.of());

    public Routed {
      destinations = List.copyOf(destinations);
    }
  }

  private Outcome(String inputId, Decision decision, String reason, Finding finding, DeliveryOutcome delivery,
                  Duration elapsed) {
    this(inputId, decision, reason, finding, delivery, elapsed, Routed.NONE);
  }

  /** This outcome, saying how the finding was routed. */
  public Outcome routed(Routed how) {
    return new Outcome(inputId, decision, reason, finding, delivery, elapsed, how);
  }

  /**
   * What became of an input once Slack was asked: the decision follows from Slack's answer (accepted: posted;
   * taken without an answer: unknown; asked to wait: rate-limited; refused or unavailable: failed).
   */
  public static Outcome afterPost(Input input, Finding finding, String reason, DeliveryOutcome delivery,
                                  Duration elapsed) {
    Decision decision = switch (delivery.result()) {
      case ACCEPTED -> Decision.POSTED;
      case SENT_UNANSWERED -> Decision.UNKNOWN;
      case RATE_LIMITED -> Decision.RATE_LIMITED;
      case REJECTED, UNAVAILABLE -> Decision.FAILED;
    };
    return new Outcome(input.id(), decision, reason, finding, delivery, elapsed);
  }

  /** Not delivered, and Slack was never asked (unreadable input, no webhooks, no deduplication store). */
  public static Outcome failed(Input input, Finding finding, String reason) {
    return new Outcome(input.id(), Decision.FAILED, reason, finding, null, Duration.ZERO);
  }

  public static Outcome skipped(Input input, Finding finding, String reason) {
    return new Outcome(input.id(), Decision.SKIPPED, reason, finding, null, Duration.ZERO);
  }

  public static Outcome filtered(Input input, Finding finding, String reason) {
    return new Outcome(input.id(), Decision.FILTERED, reason, finding, null, Duration.ZERO);
  }

  /** The finding's message was edited in place for an update not due for a new message (app mode). */
  public static Outcome updated(Input input, Finding finding, String reason, DeliveryOutcome delivery,
                                Duration elapsed) {
    return new Outcome(input.id(), Decision.UPDATED, reason, finding, delivery, elapsed);
  }

  public static Outcome suppressed(Input input, Finding finding, String reason, Duration elapsed) {
    return new Outcome(input.id(), Decision.SUPPRESSED, reason, finding, null, elapsed);
  }

  public static Outcome deferred(Input input, Finding finding, String reason, Duration elapsed) {
    return new Outcome(input.id(), Decision.DEFERRED, reason, finding, null, elapsed);
  }

  /** Handed on to be posted at its turn ({@link Decision#SCHEDULED}). */
  public static Outcome scheduled(Input input, Finding finding, String reason, Duration elapsed) {
    return new Outcome(input.id(), Decision.SCHEDULED, reason, finding, null, elapsed);
  }

  /** Held back by the storm guard, counted into a digest. */
  public static Outcome digested(Input input, Finding finding, String reason, Duration elapsed) {
    return new Outcome(input.id(), Decision.DIGESTED, reason, finding, null, elapsed);
  }

  /**
   * A digest trigger's outcome: posted, taken by Slack without an answer, or not delivered (with Slack's answer);
   * or nothing to post now.
   */
  public static Outcome digest(Input input, String reason, DeliveryOutcome delivery, Duration elapsed) {
    Decision decision = delivery == null ? Decision.DIGEST_PENDING : switch (delivery.result()) {
      case ACCEPTED -> Decision.DIGEST_POSTED;
      case SENT_UNANSWERED -> Decision.DIGEST_UNKNOWN;
      default -> Decision.FAILED;
    };
    return new Outcome(input.id(), decision, reason, null, delivery, elapsed);
  }

  /** Muted by a routing rule: not posted, and the rule's reason is the outcome's. */
  public static Outcome muted(Input input, Finding finding, String reason) {
    return new Outcome(input.id(), Decision.MUTED, reason, finding, null, Duration.ZERO);
  }

  /** Whether the input is finished with; otherwise it is reported for a retry. */
  public boolean done() {
    return decision.done();
  }

  public Optional<Severity> band() {
    return finding == null ? Optional.empty() : finding.band();
  }
}
