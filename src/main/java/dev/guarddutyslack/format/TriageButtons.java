package dev.guarddutyslack.format;

import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Node;
import dev.guarddutyslack.guardduty.Partition;
import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Plain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The buttons of a finding's message: "Open in GuardDuty console", and with triage on, Archive (or Unarchive,
 * once archived), Useful and Not useful, whose value names the finding and is bound to it by a MAC
 * ({@link ButtonValue}).
 */
public final class TriageButtons {
  public static final String OPEN = "open_console";
  public static final String ARCHIVE = "archive";
  public static final String UNARCHIVE = "unarchive";
  public static final String USEFUL = "useful";
  public static final String NOT_USEFUL = "not_useful";
  /** A link button to the attack sequence a finding is part of. */
  public static final String OPEN_SEQUENCE = "open_sequence";

  private TriageButtons() {}

  /**
   * The buttons for a finding as GuardDuty sent it: open, and (with a button key) archive and feedback. A key
   * that cannot be read now leaves the triage buttons out; the console link stays.
   */
  static Optional<Block.Actions> of(Finding finding, ButtonKeys keys) {
    if (finding.isScanResult()) {
      // Not a finding: nothing to archive or rate, and no finding page; the object it is about instead.
      Node object = ResourceKind.S3_BUCKET.in(finding.resource());
      return ConsoleLinks.objectUrl(finding.region(), finding.partitionName(), object.text("name"),
          object.nodes("s3ObjectDetails").stream().findFirst().map(o -> o.text("key")).orElse(null))
          .map(u -> Block.actions(List.of(Block.button(Plain.ours("Open object in S3 console"), u, OPEN))));
    }
    Optional<String> url = ConsoleLinks.findingUrl(finding);
    Optional<FindingRef> ref = !keys.present() || finding.band().isEmpty() ? Optional.empty()
        : FindingRef.of(finding.accountId(), finding.region(), finding.service().text("detectorId"), finding.id(),
            finding.band().get(), finding.type());
    Optional<String> value = Optional.empty();
    if (ref.isPresent()) {
      try {
        value = Optional.of(ButtonValue.write(ref.get(), keys.current(ButtonKeys.READ_TIME)));
      } catch (RuntimeException e) {
        // The key's source says why (once); the message goes out with the console link alone.
        value = Optional.empty();
      }
    }
    List<Block.Button> buttons = buttons(url, ref, value, false);
    finding.attackSequence().flatMap(seq -> ConsoleLinks.findingUrl(seq.region(), seq.findingId(), seq.partition()))
        .ifPresent(u -> buttons.add(Math.min(1, buttons.size()), sequenceButton(u)));
    return buttons.isEmpty() ? Optional.empty() : Optional.of(Block.actions(buttons));
  }

  private static Block.Button sequenceButton(String url) {
    return Block.button(Plain.ours("Open attack sequence"), url, OPEN_SEQUENCE);
  }

  /**
   * The "Open attack sequence" button again, for the message that replaces a clicked one. The link comes back
   * in Slack's payload, where anyone holding a webhook could have written it, so it is kept only when it is
   * exactly the link this project makes to a finding in the clicked finding's region (an attack sequence and
   * its findings share a detector); anything else is dropped.
   */
  public static Optional<Block.Button> sequenceButton(FindingRef ref, String claimedUrl) {
    int at = claimedUrl == null ? -1 : claimedUrl.lastIndexOf("&fId=");
    if (at < 0) {
      return Optional.empty();
    }
    String id = claimedUrl.substring(at + "&fId=".length());
    return FindingRef.of(ref.account(), ref.region(), ref.detectorId(), id, ref.band().name(), "")
        .flatMap(TriageButtons::consoleUrl).filter(claimedUrl::equals).map(TriageButtons::sequenceButton);
  }

  /**
   * The buttons that make sense now: after an archive, Unarchive instead of Archive.
   *
   * @param value the triage buttons' value for {@code ref} ({@link ButtonValue#write}); none without triage
   */
  public static List<Block.Button> buttons(Optional<String> consoleUrl, Optional<FindingRef> ref,
                                           Optional<String> value, boolean archived) {
    List<Block.Button> buttons = new ArrayList<>();
    consoleUrl.ifPresent(u -> buttons.add(Block.button(Plain.ours("Open in GuardDuty console"), u, OPEN)));
    if (ref.isPresent() && value.isPresent()) {
      FindingRef r = ref.get();
      String v = value.get();
      buttons.add(archived
          ? Block.actionButton(Plain.ours("Unarchive"), UNARCHIVE, v, false, null)
          : Block.actionButton(Plain.ours("Archive"), ARCHIVE, v, true, Block.confirm(Plain.ours("Archive this finding?"),
              Plain.ours("GuardDuty moves ").plus(r.type().isEmpty() ? Plain.ours("the finding")
                  : Plain.of(r.type(), 120)).plus(Plain.ours(" ")).plus(Plain.of(r.shortId(), 8))
                  .plus(Plain.ours("\u2026 to its archive; it no longer shows among current findings.")),
              Plain.ours("Archive"), Plain.ours("Cancel"))));
      buttons.add(Block.actionButton(Plain.ours("Useful"), USEFUL, v, false, null));
      buttons.add(Block.actionButton(Plain.ours("Not useful"), NOT_USEFUL, v, false, null));
    }
    return buttons;
  }

  /** The console link of a finding named by a button (for a replacement message). */
  public static Optional<String> consoleUrl(FindingRef ref) {
    return ConsoleLinks.findingUrl(ref.region(), ref.findingId(), Partition.ofRegion(ref.region()).id());
  }
}
