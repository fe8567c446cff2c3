package dev.guarddutyslack.triage;

import dev.guarddutyslack.guardduty.FindingRef;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands what a click did on to the notifier, which brings every copy of the finding's message in the Slack app's
 * channels up to date ({@code chat.update}, and a reply in each thread); the clicked copy is replaced through
 * {@code response_url} at once either way. {@link #NONE} where the notifier keeps no messages.
 */
public interface ClickNotices {
  /** Nothing is handed on: the notifier remembers no message to bring up to date. */
  ClickNotices NONE = (action, finding, userId, at, timeLeft) -> false;

  /**
   * Hands on that {@code userId} did {@code action} to {@code finding} at {@code at}.
   *
   * @param timeLeft how long it may take
   * @return whether it was handed on (false when there is nowhere to hand it)
   * @throws dev.guarddutyslack.aws.AwsException when the notifier's queue cannot take it now
   * @throws dev.guarddutyslack.config.StoreUnavailableException when the button key that binds it cannot be read
   */
  boolean handOn(TriageAction action, FindingRef finding, String userId, Instant at, Duration timeLeft);
}
