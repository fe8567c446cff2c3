package dev.guarddutyslack.delivery;

import java.time.Duration;

/**
 * What became of one post to Slack. Carries what an operator needs: the HTTP status (0 when no answer came),
 * Slack's error code (such as {@code invalid_blocks} or {@code channel_is_archived}; or {@code deadline},
 * {@code rate_limited}, {@code timeout_after_send} for what happened here), how many attempts were made, and
 * how long Slack asked to wait. Never the webhook URL.
 *
 * @param result accepted, rejected for good, not delivered for now, sent without an answer, or rate limited
 * @param retryAfter for {@link Result#RATE_LIMITED}: how long Slack asked to wait; zero otherwise
 * @param ts for a message the Web API took: its {@code ts}, which names it in its channel (to edit it, or reply
 *     in its thread); null for a webhook, which says nothing of the message
 * @see <a href="https://api.slack.com/messaging/webhooks#handling_errors">Handling webhook errors</a>
 */
public record DeliveryOutcome(Result result, int status, String slackError, int attempts, Duration retryAfter,
                              String ts) {

  /** What the post came to. */
  public enum Result {
    /** Slack answered 2xx: the message is in the channel. */
    ACCEPTED,
    /** A 4xx other than 429: retrying would not help. */
    REJECTED,
    /** Server errors, connection failures before the request was sent, no time left: a retry may succeed. */
    UNAVAILABLE,
    /**
     * The request was sent and no answer came: Slack may have posted it. Not retried blindly; the caller
     * decides whether one more copy may go.
     */
    SENT_UNANSWERED,
    /** Slack asked to wait longer than the invocation has: handed back at once, with the wait. */
    RATE_LIMITED
  }

  /** Slack accepted the message. */
  public static DeliveryOutcome accepted(int status, int attempts) {
    return accepted(status, attempts, null);
  }

  /** Slack accepted the message, and named it {@code ts} (the Web API does; a webhook does not). */
  public static DeliveryOutcome accepted(int status, int attempts, String ts) {
    return new DeliveryOutcome(Result.ACCEPTED, status, null, attempts, Duration.ZERO, ts);
  }

  /** Slack refused the message for good (a 4xx other than 429): retrying would not help. */
  public static DeliveryOutcome rejected(int status, String slackError, int attempts) {
    return new DeliveryOutcome(Result.REJECTED, status, slackError, attempts, Duration.ZERO, null);
  }

  /** Not delivered now (5xx, connection failures, no time left): a later retry may succeed. */
  public static DeliveryOutcome unavailable(int status, String slackError, int attempts) {
    return new DeliveryOutcome(Result.UNAVAILABLE, status, slackError, attempts, Duration.ZERO, null);
  }

  /** The request went out and no answer came ({@code timeout_after_send}, {@code closed_after_send}). */
  public static DeliveryOutcome sentUnanswered(String slackError, int attempts) {
    return new DeliveryOutcome(Result.SENT_UNANSWERED, 0, slackError, attempts, Duration.ZERO, null);
  }

  /** Slack asked to wait {@code retryAfter}, longer than the invocation has left. */
  public static DeliveryOutcome rateLimited(int attempts, Duration retryAfter) {
    return new DeliveryOutcome(Result.RATE_LIMITED, 429, "rate_limited", attempts, retryAfter, null);
  }

  public boolean delivered() {
    return result == Result.ACCEPTED;
  }

  /**
   * {@code chat.update}'s errors for a message that can no longer be edited: deleted, or past what Slack lets an
   * app edit.
   */
  public static final java.util.Set<String> GONE = java.util.Set.of("message_not_found", "cant_update_message",
      "edit_window_closed");

  /** An edit Slack refused because its message is gone ({@link #GONE}): a fresh one may take its place. */
  public boolean messageGone() {
    return result == Result.REJECTED && GONE.contains(slackError);
  }

  /** For a message not delivered: whether a later retry could succeed. */
  public boolean retryable() {
    return result != Result.ACCEPTED && result != Result.REJECTED;
  }
}
