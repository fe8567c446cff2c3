package dev.guarddutyslack.observability;

import dev.guarddutyslack.outcome.Outcome;

/**
 * Where the core reports what it decided: one record per input, warnings that concern no single input,
 * and a flush at the end of an invocation. Safe to call from several delivery threads at once.
 */
public interface Journal {
  void record(Outcome outcome);

  void warn(String message);

  /**
   * Something set up wrong outside the function (no such table or secret, no permission to it): one ERROR
   * line naming the resource and the service's error code, once per execution environment for each such
   * message, so that it stands out from the per-finding lines it causes.
   */
  void problem(String message);

  /**
   * An SQS record hidden until Slack's wait ends: the queue shows it again at {@code visibleAgainAt}, not before.
   */
  void hidden(String messageId, java.time.Instant visibleAgainAt);

  /** Writes what was gathered during the invocation (metrics). */
  void flush();
}
