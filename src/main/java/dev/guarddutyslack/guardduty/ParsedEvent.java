package dev.guarddutyslack.guardduty;

/** What one EventBridge event turned out to be. */
public sealed interface ParsedEvent {

  /** A GuardDuty finding, from GuardDuty itself. */
  record FindingEvent(EventBridgeEvent<Finding> event) implements ParsedEvent {
    public Finding finding() {
      return event.detail();
    }
  }

  /** Something else: another detail-type, or any event not from {@code aws.guardduty}. */
  record NotAFinding(String detailType, String source) implements ParsedEvent {}

  /** An event that cannot be read as one; {@code reason} says why, on one line. */
  record Unreadable(String reason) implements ParsedEvent {}
}
