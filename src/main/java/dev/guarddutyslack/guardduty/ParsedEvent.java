package dev.guarddutyslack.guardduty;

/** What one EventBridge event (or one of the function's own digest triggers) turned out to be. */
public sealed interface ParsedEvent {

  /** A GuardDuty finding, from GuardDuty itself. */
  record FindingEvent(EventBridgeEvent<Finding> event) implements ParsedEvent {
    public Finding finding() {
      return event.detail();
    }
  }

  /**
   * A Malware Protection for S3 object scan result, read as a finding ({@link ScanResult#asFinding}); whether it is
   * posted is decided by its {@code status}.
   */
  record ScanResultEvent(EventBridgeEvent<Finding> event, String status) implements ParsedEvent {
    public Finding finding() {
      return event.detail();
    }
  }

  /**
   * Findings archived, unarchived or rated outside this project, as CloudTrail records the call
   * ({@link ConsoleChange}).
   */
  record ConsoleChangeEvent(ConsoleChange change) implements ParsedEvent {}

  /** Something else: another detail-type, or any event not from {@code aws.guardduty}. */
  record NotAFinding(String detailType, String source) implements ParsedEvent {}

  /**
   * The function's own message, sent to its queue with a delay: the digest of one destination's window is due.
   *
   * @param windowStart the window's first instant, a whole number of windows since the epoch
   */
  record DigestDue(String destination, java.time.Instant windowStart, java.time.Duration window)
      implements ParsedEvent {}

  /**
   * The function's own message, sent to its queue with a delay: a finding the storm guard let through singly to
   * a destination whose channel was busy, to be posted now, at its turn. It was counted in its window already.
   */
  record SingleDue(Finding finding, String destination, java.time.Instant windowStart, java.time.Duration window)
      implements ParsedEvent {}

  /** An event that cannot be read as one; {@code reason} says why, on one line. */
  record Unreadable(String reason) implements ParsedEvent {}
}
