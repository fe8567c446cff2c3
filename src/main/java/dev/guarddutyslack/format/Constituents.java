package dev.guarddutyslack.format;

import static dev.guarddutyslack.format.Details.firstPresent;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.FindingArn;
import dev.guarddutyslack.guardduty.Node;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.slack.Plain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The findings an attack sequence is made of (its signals of type {@code FINDING}), one section each: the
 * finding's type, band and severity and how often it was seen, with an "Open finding" button beside it when
 * the signal names the finding by its ARN. At most {@link Details#LIST_ITEMS}, then how many more.
 *
 * <p>GuardDuty's API reference calls a signal's {@code uid} only "the unique identifier of the signal"; the
 * Security Hub user guide's example of a GuardDuty attack sequence (ASFF {@code Detection.Sequence.Signals})
 * shows a finding signal's id as that finding's ARN. So the button is made only from a {@code uid} that is a
 * GuardDuty finding's ARN in every part ({@link FindingArn}); any other {@code uid} leaves the line without a
 * link rather than guess one.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Signal.html">Signal</a>
 * @see <a href="https://docs.aws.amazon.com/securityhub/latest/userguide/asff-top-level-attributes.html#asff-detection">
 *     ASFF: Detection</a>
 */
final class Constituents {
  /** The action id of the n-th button ({@code open_constituent_0} …): unique in the message, as Slack asks. */
  static final String ACTION_PREFIX = "open_constituent_";

  private Constituents() {}

  /** The blocks listing a sequence's findings: none for a finding that is not an attack sequence. */
  static List<Block> of(Finding finding) {
    Node sequence = finding.service().node("detection").node("sequence");
    if (!sequence.isPresent()) {
      return List.of();
    }
    List<Node> findings = sequence.nodes("signals").stream().filter(Constituents::isFinding).toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < Math.min(findings.size(), Details.LIST_ITEMS); i++) {
      Node signal = findings.get(i);
      Mrkdwn line = (i == 0 ? Mrkdwn.ours("*Findings in this sequence (").plus(Mrkdwn.number(findings.size()))
          .plus(Mrkdwn.ours(")*\n")) : Mrkdwn.EMPTY).plus(Mrkdwn.ours("\u2022 ")).plus(line(signal));
      Optional<String> url = link(signal);
      blocks.add(url.isPresent()
          ? Block.section(line, Block.button(Plain.ours("Open finding"), url.get(), ACTION_PREFIX + i))
          : Block.section(line));
    }
    if (findings.size() > Details.LIST_ITEMS) {
      blocks.add(Block.context(List.of(Mrkdwn.ours("and ").plus(Mrkdwn.number(findings.size() - Details.LIST_ITEMS))
          .plus(Mrkdwn.ours(" more: open the attack sequence in the console to see them all")))));
    }
    return blocks;
  }

  /** Whether a signal is a finding (the other signals are activity, listed among the details). */
  static boolean isFinding(Node signal) {
    return "FINDING".equals(signal.text("type"));
  }

  /** The console page of the finding a signal names, when its {@code uid} is that finding's ARN. */
  static Optional<String> link(Node signal) {
    return FindingArn.parse(signal.text("uid"))
        .flatMap(arn -> ConsoleLinks.findingUrl(arn.region(), arn.findingId(), arn.partition()));
  }

  /** {@code `type` · HIGH 8.0 · seen 3×}: what there is of it. */
  private static Mrkdwn line(Node signal) {
    Mrkdwn line = Mrkdwn.code(firstPresent(signal.text("name"), "finding"), Details.NAME);
    Double severity = signal.number("severity");
    if (severity != null) {
      line = line.plus(Mrkdwn.ours(" \u00B7 ")).plus(Mrkdwn.line(Severity.of(severity).name(), Details.SHORT))
          .plus(Mrkdwn.ours(" ")).plus(Mrkdwn.line(String.valueOf(severity), Details.SHORT));
    }
    Long count = signal.integer("count");
    if (count != null) {
      line = line.plus(Mrkdwn.ours(" \u00B7 seen ")).plus(Mrkdwn.number(count)).plus(Mrkdwn.ours("\u00D7"));
    }
    return line;
  }
}
