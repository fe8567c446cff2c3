package dev.guarddutyslack.invocation;

import java.time.Duration;

/**
 * Keeps a received SQS record from being received again too soon: a finding Slack asked to wait for is hidden
 * until the wait ends, so that the queue does not spend its receives (and send a CRITICAL finding to the
 * dead-letter queue untried) while Slack still says no.
 */
public interface Visibility {
  /** Hides nothing: the queue's own visibility timeout decides (no AWS here, as with local webhooks). */
  Visibility NONE = (record, hidden, timeLeft) -> { };

  /**
   * Hides the record for {@code hidden} from now, and says so in the log ({@code visibleAgainAt}); a failure is
   * logged, and the record comes back when the queue's own timeout says.
   */
  void hide(Receipt record, Duration hidden, Duration timeLeft);
}
