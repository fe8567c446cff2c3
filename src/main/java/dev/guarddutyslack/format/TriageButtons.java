package dev.guarddutyslack.format;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Plain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The buttons of a finding's message: "Open in GuardDuty console", and with triage on, Archive (or Unarchive,
 * once archived), Useful and Not useful, whose value names the finding ({@link FindingRef}).
 */
public final class TriageButtons {
  public static final String OPEN = "open_console";
  public static final String ARCHIVE = "archive";
  public static final String UNARCHIVE = "unarchive";
  public static final String USEFUL = "useful";
  public static final String NOT_USEFUL = "not_useful";

  private TriageButtons() {}

  /** The buttons for a finding as GuardDuty sent it: open, and (with triage on) archive and feedback. */
  static Optional<Block.Actions> of(Finding finding, boolean triage) {
    Optional<String> url = ConsoleLinks.findingUrl(finding);
    Optional<FindingRef> ref = !triage || finding.band().isEmpty() ? Optional.empty()
        : FindingRef.value(finding.accountId(), finding.region(), finding.service().text("detectorId"), finding.id(),
            finding.band().get()).flatMap(FindingRef::parse);
    List<Block.Button> buttons = buttons(url, ref, false);
    return buttons.isEmpty() ? Optional.empty() : Optional.of(Block.actions(buttons));
  }

  /** The buttons that make sense now: after an archive, Unarchive instead of Archive. */
  public static List<Block.Button> buttons(Optional<String> consoleUrl, Optional<FindingRef> ref, boolean archived) {
    List<Block.Button> buttons = new ArrayList<>();
    consoleUrl.ifPresent(u -> buttons.add(Block.button(Plain.ours("Open in GuardDuty console"), u, OPEN)));
    ref.ifPresent(r -> {
      String value = r.account() + ":" + r.region() + ":" + r.detectorId() + ":" + r.findingId() + ":"
          + r.band().name();
      buttons.add(archived
          ? Block.actionButton(Plain.ours("Unarchive"), UNARCHIVE, value, false, null)
          : Block.actionButton(Plain.ours("Archive"), ARCHIVE, value, true, Block.confirm(Plain.ours("Archive the finding?"),
              Plain.ours("GuardDuty moves it to its archive; it no longer shows among current findings."),
              Plain.ours("Archive"), Plain.ours("Cancel"))));
      buttons.add(Block.actionButton(Plain.ours("Useful"), USEFUL, value, false, null));
      buttons.add(Block.actionButton(Plain.ours("Not useful"), NOT_USEFUL, value, false, null));
    });
    return buttons;
  }

  /** The console link of a finding named by a button (for a replacement message). */
  public static Optional<String> consoleUrl(FindingRef ref) {
    return ConsoleLinks.findingUrl(ref.region(), ref.findingId(), ref.region().startsWith("cn-") ? "aws-cn"
        : ref.region().startsWith("us-gov-") ? "aws-us-gov" : "aws");
  }
}
