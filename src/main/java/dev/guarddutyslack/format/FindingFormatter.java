package dev.guarddutyslack.format;

import static dev.guarddutyslack.format.Details.firstPresent;

import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Node;
import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.outcome.PreviousNotification;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.Mention;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.slack.Plain;
import dev.guarddutyslack.slack.SlackMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a finding as a Slack message: a function of the finding, the account names it is given, and, with
 * triage on, the button key (read once and cached by its source; without it the message carries only the console
 * link). Text from the finding enters only as {@link Mrkdwn} or {@link Plain}, which escape it; every block is
 * built within {@link Limits}.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html">Finding format</a>
 * @see <a href="https://api.slack.com/block-kit">Block Kit</a>
 */
public final class FindingFormatter {
  private static final int ID = 200;
  private static final int FIXED_BLOCKS = 6;

  private final Map<String, String> accountNames;
  private final ButtonKeys buttons;

  /** @param accountNames optional display names by account id */
  public FindingFormatter(Map<String, String> accountNames) {
    this(accountNames, ButtonKeys.NONE);
  }

  /**
   * @param buttons the key of the triage buttons (Archive, Useful, Not useful); {@link ButtonKeys#NONE} when
   *     triage from Slack is off
   */
  public FindingFormatter(Map<String, String> accountNames, ButtonKeys buttons) {
    this.accountNames = Map.copyOf(accountNames);
    this.buttons = buttons;
  }

  /** The key the triage buttons are made with; it also checks the triage function's notices of clicks. */
  public ButtonKeys buttonKeys() {
    return buttons;
  }

  /** A first notification of the finding. */
  public SlackMessage format(Finding finding) {
    return format(finding, Optional.empty(), List.of());
  }

  public SlackMessage format(Finding finding, Optional<PreviousNotification> previous) {
    return format(finding, previous, List.of());
  }

  /**
   * @param previous the earlier notification, when this is a re-notification: the message then says why it
   *     comes again (the band rose, or the finding is still active) above the description
   * @param mentions who a routing rule calls for: they open the notification line, which is what Slack
   *     notifies people of
   */
  public SlackMessage format(Finding finding, Optional<PreviousNotification> previous, List<Mention> mentions) {
    Severity band = finding.band().orElse(Severity.LOW);
    String severity = severityText(finding);
    String title = firstPresent(finding.title(), finding.type(), "GuardDuty finding");
    String samplePrefix = finding.isSample() ? "[SAMPLE] " : "";

    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.header(Plain.of(samplePrefix + band.label() + " " + severity + " \u00B7 " + title,
        Limits.HEADER_TEXT)));
    blocks.add(Block.fields(fields(finding, band, severity)));
    previous.ifPresent(p -> blocks.add(Block.section(renotification(finding, band, p))));
    if (Details.present(finding.description())) {
      blocks.add(Block.section(Mrkdwn.text(finding.description(), Limits.SECTION_TEXT)));
    }
    List<Block> constituents = Constituents.of(finding);
    int room = Limits.MAX_BLOCKS - blocks.size() - FIXED_BLOCKS - constituents.size();
    FindingDetails.of(finding).stream().limit(room).forEach(d -> blocks.add(Block.section(d.render())));
    blocks.addAll(constituents);
    blocks.add(Block.context(context(finding)));
    TriageButtons.of(finding, buttons).ifPresent(blocks::add);
    Mrkdwn summary = summary(finding, band, severity, title);
    if (!mentions.isEmpty()) {
      summary = Mrkdwn.join(Mrkdwn.ours(" "), mentions.stream().map(Mention::mrkdwn).toList())
          .plus(Mrkdwn.ours(" ")).plus(summary);
    }
    return SlackMessage.of(summary, band.colour(), blocks);
  }

  /**
   * The reply in the thread of a finding's message when the message is brought up to date (app mode): what changed
   * since it was posted ("severity band rose from HIGH to CRITICAL", "severity 7.2 → 9.1", "count 1 → 37", when last
   * seen). Its notification line names the finding, after the mentions the rules ask for.
   */
  public SlackMessage reply(Finding finding, PreviousNotification previous, List<Mention> mentions) {
    Severity band = finding.band().orElse(Severity.LOW);
    boolean rose = band.ordinal() > previous.band().ordinal();
    Mrkdwn what = rose
        ? Mrkdwn.ours(":arrow_double_up: *Severity band rose* from ").plus(word(previous.band().name()))
            .plus(Mrkdwn.ours(" to ")).plus(word(band.name()))
        : Mrkdwn.ours(":repeat: *Updated*: still active");
    List<Mrkdwn> changes = new ArrayList<>();
    Double severity = finding.severity();
    if (severity != null && previous.severity() != null && !severity.equals(previous.severity())) {
      changes.add(Mrkdwn.ours("severity ").plus(word(String.valueOf(previous.severity()))).plus(Mrkdwn.ours(" \u2192 "))
          .plus(word(String.valueOf(severity))));
    }
    Long count = finding.count();
    if (count != null && previous.count() != null && !count.equals(previous.count())) {
      changes.add(Mrkdwn.ours("count ").plus(Mrkdwn.number(previous.count())).plus(Mrkdwn.ours(" \u2192 "))
          .plus(Mrkdwn.number(count)));
    } else if (count != null && previous.count() == null) {
      changes.add(Mrkdwn.ours("activity seen ").plus(Mrkdwn.number(count)).plus(count == 1 ? Mrkdwn.ours(" time")
          : Mrkdwn.ours(" times")));
    }
    String lastSeen = finding.service().text("eventLastSeen");
    if (Details.present(lastSeen)) {
      changes.add(Mrkdwn.ours("last seen ").plus(time(Timestamps.display(lastSeen))));
    }
    Mrkdwn text = changes.isEmpty() ? what.plus(Mrkdwn.ours("."))
        : what.plus(Mrkdwn.ours(": ")).plus(Mrkdwn.join(Mrkdwn.ours(" \u00B7 "), changes)).plus(Mrkdwn.ours("."));
    String title = firstPresent(finding.title(), finding.type(), "GuardDuty finding");
    Mrkdwn summary = (rose ? Mrkdwn.ours("GuardDuty finding escalated to ") : Mrkdwn.ours("GuardDuty finding updated, "))
        .plus(word(band.name())).plus(Mrkdwn.ours(" ")).plus(word(severityText(finding))).plus(Mrkdwn.ours(": "))
        .plus(Mrkdwn.line(title, 200));
    if (!mentions.isEmpty()) {
      summary = Mrkdwn.join(Mrkdwn.ours(" "), mentions.stream().map(Mention::mrkdwn).toList())
          .plus(Mrkdwn.ours(" ")).plus(summary);
    }
    return SlackMessage.of(summary, band.colour(), List.of(Block.section(text)));
  }

  /** Why the finding is posted again: its band rose, or it is still active; and how often it was seen. */
  private static Mrkdwn renotification(Finding finding, Severity band, PreviousNotification previous) {
    boolean rose = band.ordinal() > previous.band().ordinal();
    Mrkdwn notice = rose
        ? Mrkdwn.ours(":arrow_double_up: *Re-notification*: severity band rose from ").plus(word(previous.band().name()))
            .plus(Mrkdwn.ours(" to ")).plus(word(band.name())).plus(Mrkdwn.ours("."))
        : Mrkdwn.ours(":repeat: *Re-notification*: still active; last notified ")
            .plus(time(Timestamps.display(previous.notifiedAt()))).plus(Mrkdwn.ours("."));
    Long count = finding.count();
    if (count == null) {
      return notice;
    }
    notice = notice.plus(Mrkdwn.ours(" Activity seen ")).plus(Mrkdwn.number(count))
        .plus(count == 1 ? Mrkdwn.ours(" time") : Mrkdwn.ours(" times"));
    String firstSeen = finding.service().text("eventFirstSeen");
    if (Details.present(firstSeen)) {
      notice = notice.plus(Mrkdwn.ours(" since first seen ")).plus(time(Timestamps.display(firstSeen)));
    }
    return notice.plus(Mrkdwn.ours("."));
  }

  /** The notification line: band, severity, title, account and region. */
  private Mrkdwn summary(Finding finding, Severity band, String severity, String title) {
    Mrkdwn line = finding.isSample() ? Mrkdwn.ours("[SAMPLE] GuardDuty ") : Mrkdwn.ours("GuardDuty ");
    line = line.plus(word(band.name())).plus(Mrkdwn.ours(" ")).plus(word(severity)).plus(Mrkdwn.ours(": "))
        .plus(Mrkdwn.line(title, 200))
        .plus(Mrkdwn.ours(" \u2014 account ")).plus(Mrkdwn.line(firstPresent(finding.accountId(), "unknown"), 40));
    Optional<String> name = accountName(finding);
    if (name.isPresent()) {
      line = line.plus(Mrkdwn.ours(" (")).plus(Mrkdwn.line(name.get(), 60)).plus(Mrkdwn.ours(")"));
    }
    return line.plus(Mrkdwn.ours(", ")).plus(Mrkdwn.line(firstPresent(finding.region(), "unknown region"), 40));
  }

  private List<Mrkdwn> fields(Finding finding, Severity band, String severity) {
    Node service = finding.service();
    List<Mrkdwn> fields = new ArrayList<>();
    fields.add(Mrkdwn.ours("*Severity*\n").plus(word(band.name())).plus(Mrkdwn.ours(" ("))
        .plus(word(severity)).plus(Mrkdwn.ours(")")));
    fields.add(Mrkdwn.ours("*Finding type*\n").plus(Mrkdwn.code(firstPresent(finding.type(), "unknown"), ID)));
    Mrkdwn account = Mrkdwn.code(firstPresent(finding.accountId(), "unknown"), 40);
    Optional<String> name = accountName(finding);
    if (name.isPresent()) {
      account = account.plus(Mrkdwn.ours(" ")).plus(Mrkdwn.line(name.get(), 100));
    }
    fields.add(Mrkdwn.ours("*Account*\n").plus(account));
    fields.add(Mrkdwn.ours("*Region*\n").plus(Mrkdwn.code(firstPresent(finding.region(), "unknown"), 40)));
    fields.add(Mrkdwn.ours("*Resource*\n").plus(resourceSummary(finding.resource())));
    if (finding.count() != null) {
      fields.add(Mrkdwn.ours("*Count*\n").plus(Mrkdwn.number(finding.count())));
    }
    String firstSeen = service.text("eventFirstSeen");
    if (firstSeen != null) {
      fields.add(Mrkdwn.ours("*First seen*\n").plus(time(Timestamps.display(firstSeen))));
    }
    String lastSeen = service.text("eventLastSeen");
    if (lastSeen != null) {
      fields.add(Mrkdwn.ours("*Last seen*\n").plus(time(Timestamps.display(lastSeen))));
    }
    return fields;
  }

  private List<Mrkdwn> context(Finding finding) {
    List<Mrkdwn> elements = new ArrayList<>();
    elements.add(finding.isScanResult() ? Mrkdwn.ours("Malware Protection for S3 scan result")
        : Mrkdwn.ours("Finding ").plus(Mrkdwn.code(firstPresent(finding.id(), "without id"), ID)));
    if (Details.present(finding.updatedAt())) {
      elements.add(Mrkdwn.ours("Updated ").plus(time(Timestamps.display(finding.updatedAt()))));
    }
    finding.attackSequence().ifPresent(seq -> elements.add(Mrkdwn.ours("Part of attack sequence ")
        .plus(Mrkdwn.code(seq.findingId().substring(0, 8), ID)).plus(Mrkdwn.ours("\u2026"))));
    if (finding.isSample()) {
      elements.add(Mrkdwn.ours(":test_tube: Sample finding from GuardDuty's \u201CGenerate sample findings\u201D"));
    }
    return elements;
  }

  private Optional<String> accountName(Finding finding) {
    return Optional.ofNullable(finding.accountId()).map(String::trim).map(accountNames::get);
  }

  private static String severityText(Finding finding) {
    Double value = finding.severity();
    if (value == null) {
      return "?";
    }
    return String.valueOf(value);
  }

  /** A word the project chose (a band's name) or computed (a severity): escaped all the same. */
  private static Mrkdwn word(String text) {
    return Mrkdwn.line(text, Details.SHORT);
  }

  /** A time as {@link Timestamps#display} shows it, or the finding's own text when it is not one. */
  private static Mrkdwn time(String display) {
    return Mrkdwn.line(display, Details.SHORT);
  }

  /** One line naming the resource: its type and its most telling identifier. */
  static Mrkdwn resourceSummary(Node r) {
    Mrkdwn type = Mrkdwn.line(firstPresent(r.text("resourceType"), "unknown"), Details.SHORT);
    return ResourceKind.named(r).map(named -> type.plus(Mrkdwn.ours(" ")).plus(Mrkdwn.code(named.id(), ID)))
        .orElse(type);
  }
}
