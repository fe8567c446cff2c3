package dev.guarddutyslack.outcome;

import java.util.Locale;

/** What became of one input; the {@code decision} field of its log line. */
public enum Decision {
  /** Slack accepted the message. */
  POSTED(true),
  /** Below the minimum severity. */
  FILTERED(true),
  /** Deliberately not posted: not a finding, or no webhook for its band. */
  SKIPPED(true),
  /** A routing rule mutes it: known noise, not posted, logged with the rule and its reason. */
  MUTED(true),
  /** Held back by the storm guard (or a digest band): counted into its destination's digest for the window. */
  DIGESTED(true),
  /**
   * Let through singly by the storm guard to a channel that is busy: handed on to the function's own queue, to be
   * posted at its turn at Slack's pace (then {@code posted}); this input is done with.
   */
  SCHEDULED(true),
    /** Already notified and not due for a re-notification. */
  SUPPRESSED(true),
  /**
   * App mode: an update not due for a re-notification, shown by editing the finding's message in place (no new
   * line in the channel).
   */
  UPDATED(true),
  /** Another invocation is notifying the same finding right now; reported for a retry, not acknowledged. */
  DEFERRED(false),
  /**
   * Slack took the request and gave no answer: the message may be in the channel. Reported for a retry, which
   * sends at most one more copy (with deduplication on).
   */
  UNKNOWN(false),
  /** Slack asked to wait longer than the invocation had left; handed back to the queue at once. */
  RATE_LIMITED(false),
  /** Not delivered; reported for a retry. */
  FAILED(false),
  /** A digest trigger: the window's digest was posted. */
  DIGEST_POSTED(true),
  /**
   * A digest trigger with nothing to post now: the digest was posted already (or may have been: Slack took two
   * copies and answered neither), or the window is still open.
   */
  DIGEST_PENDING(true),
  /**
   * A digest trigger whose digest Slack took and did not answer: it may be in the channel. Reported for a retry,
   * which sends at most one more copy.
   */
  DIGEST_UNKNOWN(false);

  private final boolean done;

  Decision(boolean done) {
    this.done = done;
  }

  /** Whether the input is finished with (success for the queue); otherwise it is reported for a retry. */
  public boolean done() {
    return done;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
