package dev.guarddutyslack.delivery;

/**
 * A message that Slack did not accept. Carries what an operator needs: the HTTP status (0 when no answer
 * came), Slack's error code (such as {@code invalid_blocks} or {@code channel_is_archived}), whether a later
 * retry could succeed, and how many attempts were made. Never the webhook URL.
 *
 * @see <a href="https://api.slack.com/messaging/webhooks#handling_errors">Handling webhook errors</a>
 */
public final class SlackDeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slackError;
  private final boolean retryable;
  private final int attempts;

  public SlackDeliveryException(int status, String slackError, boolean retryable, int attempts, Throwable cause) {
    super("Slack did not accept the message: status " + status + ", error " + slackError
        + (retryable ? " (retryable)" : " (permanent)") + " after " + attempts + " attempt(s)", cause);
    this.status = status;
    this.slackError = slackError;
    this.retryable = retryable;
    this.attempts = attempts;
  }

  public int status() {
    return status;
  }

  public String slackError() {
    return slackError;
  }

  public boolean retryable() {
    return retryable;
  }

  public int attempts() {
    return attempts;
  }
}
