package dev.guarddutyslack.delivery;

/**
 * What became of one post to Slack: accepted, rejected for good, or not delivered for now. Carries what an
 * operator needs: the HTTP status (0 when no answer came), Slack's error code (such as
 * {@code invalid_blocks} or {@code channel_is_archived}, or {@code deadline} when there was no time left),
 * and how many attempts were made. Never the webhook URL.
 *
 * @param delivered whether Slack accepted the message
 * @param retryable for a message not delivered: whether a later retry could succeed
 * @see <a href="https://api.slack.com/messaging/webhooks#handling_errors">Handling webhook errors</a>
 */
public record DeliveryOutcome(boolean delivered, int status, String slackError, int attempts, boolean retryable) {

  /** Slack accepted the message. */
  public static DeliveryOutcome accepted(int status, int attempts) {
    return new DeliveryOutcome(true, status, null, attempts, false);
  }

  /** Slack refused the message for good (a 4xx other than 429): retrying would not help. */
  public static DeliveryOutcome rejected(int status, String slackError, int attempts) {
    return new DeliveryOutcome(false, status, slackError, attempts, false);
  }

  /** Not delivered now (429s, 5xx, timeouts, no time left): a later retry may succeed. */
  public static DeliveryOutcome unavailable(int status, String slackError, int attempts) {
    return new DeliveryOutcome(false, status, slackError, attempts, true);
  }
}
