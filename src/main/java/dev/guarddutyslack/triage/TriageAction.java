package dev.guarddutyslack.triage;

import dev.guarddutyslack.format.TriageButtons;
import java.util.Optional;

/** What a responder's button asks of GuardDuty, by the button's {@code action_id}. */
public enum TriageAction {
  ARCHIVE(TriageButtons.ARCHIVE, "Archived"),
  UNARCHIVE(TriageButtons.UNARCHIVE, "Unarchived"),
  USEFUL(TriageButtons.USEFUL, "Marked useful"),
  NOT_USEFUL(TriageButtons.NOT_USEFUL, "Marked not useful");

  private final String actionId;
  private final String done;

  TriageAction(String actionId, String done) {
    this.actionId = actionId;
    this.done = done;
  }

  /** The action a button id names; empty for any other id (the console link's, or one we never sent). */
  public static Optional<TriageAction> of(String actionId) {
    for (TriageAction action : values()) {
      if (action.actionId.equals(actionId)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }

  /** The button's id, which is also the action's name in the audit line and the metric. */
  public String actionId() {
    return actionId;
  }

  /** "Archived", "Marked useful": the start of the line the replaced message gets. */
  String done() {
    return done;
  }
}
