package dev.guarddutyslack.format;

import static dev.guarddutyslack.format.Details.firstPresent;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Node;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.SafeText;
import dev.guarddutyslack.slack.SlackMessage;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a finding as a Slack message: a pure function of the finding and the account names it is given.
 * Everything taken from the finding passes through {@link SafeText}; every block is built within
 * {@link Limits}.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html">Finding format</a>
 * @see <a href="https://api.slack.com/block-kit">Block Kit</a>
 */
public final class FindingFormatter {
  private static final int ID = 200;
  private static final int FIXED_BLOCKS = 6;

  private final Map<String, String> accountNames;

  /** @param accountNames optional display names by account id */
  public FindingFormatter(Map<String, String> accountNames) {
    this.accountNames = Map.copyOf(accountNames);
  }

  /**
   * The notification made earlier for the same finding, when this message is a re-notification.
   *
   * @param band the band it was posted in
   * @param notifiedAt when it was posted
   */
  public record PreviousNotification(Severity band, Instant notifiedAt) {}

  /** A first notification of the finding. */
  public SlackMessage format(Finding finding) {
    return format(finding, Optional.empty());
  }

  /**
   * @param previous the earlier notification, when this is a re-notification: the message then says why it
   *     comes again (the band rose, or the finding is still active) above the description
   */
  public SlackMessage format(Finding finding, Optional<PreviousNotification> previous) {
    Severity band = finding.band().orElse(Severity.LOW);
    String severity = severityText(finding);
    String title = firstPresent(finding.title(), finding.type(), "GuardDuty finding");
    String samplePrefix = finding.isSample() ? "[SAMPLE] " : "";

    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.header(samplePrefix + band.label() + " " + severity + " \u00B7 " + SafeText.clean(title, true)));
    blocks.add(Block.fields(fields(finding, band, severity)));
    previous.ifPresent(p -> blocks.add(Block.section(renotification(finding, band, p))));
    if (Details.present(finding.description())) {
      blocks.add(Block.section(SafeText.mrkdwn(finding.description(), Limits.SECTION_TEXT)));
    }
    int room = Limits.MAX_BLOCKS - blocks.size() - FIXED_BLOCKS;
    FindingDetails.of(finding).stream().limit(room).forEach(d -> blocks.add(Block.section(d.render())));
    blocks.add(Block.context(context(finding)));
    ConsoleLinks.findingUrl(finding).ifPresent(url -> blocks.add(Block.linkButton("Open in GuardDuty console", url)));

    String summary = summary(finding, band, severity, title);
    return SlackMessage.of(summary, band.colour(), summary, blocks);
  }

  /** Why the finding is posted again: its band rose, or it is still active; and how often it was seen. */
  private static String renotification(Finding finding, Severity band, PreviousNotification previous) {
    boolean rose = band.ordinal() > previous.band().ordinal();
    StringBuilder notice = new StringBuilder(rose
        ? ":arrow_double_up: *Re-notification*: severity band rose from " + previous.band().name() + " to "
            + band.name() + "."
        : ":repeat: *Re-notification*: still active; last notified " + Timestamps.display(previous.notifiedAt()) + ".");
    Long count = finding.count();
    if (count != null) {
      notice.append(" Activity seen ").append(count).append(count == 1 ? " time" : " times");
      String firstSeen = finding.service().text("eventFirstSeen");
      if (Details.present(firstSeen)) {
        notice.append(" since first seen ").append(SafeText.line(Timestamps.display(firstSeen), 60));
      }
      notice.append('.');
    }
    return notice.toString();
  }

  /** The notification line: band, severity, title, account and region. */
  private String summary(Finding finding, Severity band, String severity, String title) {
    StringBuilder line = new StringBuilder();
    if (finding.isSample()) {
      line.append("[SAMPLE] ");
    }
    line.append("GuardDuty ").append(band.name()).append(' ').append(severity).append(": ")
        .append(SafeText.line(title, 200));
    line.append(" \u2014 account ").append(SafeText.line(firstPresent(finding.accountId(), "unknown"), 40));
    accountName(finding).ifPresent(name -> line.append(" (").append(SafeText.line(name, 60)).append(')'));
    line.append(", ").append(SafeText.line(firstPresent(finding.region(), "unknown region"), 40));
    return line.length() <= Limits.SUMMARY_TEXT ? line.toString() : SafeText.line(line.toString(), Limits.SUMMARY_TEXT);
  }

  private List<String> fields(Finding finding, Severity band, String severity) {
    Node service = finding.service();
    List<String> fields = new ArrayList<>();
    fields.add("*Severity*\n" + band.name() + " (" + severity + ")");
    fields.add("*Finding type*\n" + SafeText.code(firstPresent(finding.type(), "unknown"), ID));
    String account = SafeText.code(firstPresent(finding.accountId(), "unknown"), 40)
        + accountName(finding).map(n -> " " + SafeText.line(n, 100)).orElse("");
    fields.add("*Account*\n" + account);
    fields.add("*Region*\n" + SafeText.code(firstPresent(finding.region(), "unknown"), 40));
    fields.add("*Resource*\n" + resourceSummary(finding.resource()));
    if (finding.count() != null) {
      fields.add("*Count*\n" + finding.count());
    }
    String firstSeen = service.text("eventFirstSeen");
    if (firstSeen != null) {
      fields.add("*First seen*\n" + SafeText.line(Timestamps.display(firstSeen), 60));
    }
    String lastSeen = service.text("eventLastSeen");
    if (lastSeen != null) {
      fields.add("*Last seen*\n" + SafeText.line(Timestamps.display(lastSeen), 60));
    }
    return fields;
  }

  private List<String> context(Finding finding) {
    List<String> elements = new ArrayList<>();
    elements.add("Finding " + SafeText.code(firstPresent(finding.id(), "without id"), ID));
    if (Details.present(finding.updatedAt())) {
      elements.add("Updated " + SafeText.line(Timestamps.display(finding.updatedAt()), 60));
    }
    if (finding.isSample()) {
      elements.add(":test_tube: Sample finding from GuardDuty's \u201CGenerate sample findings\u201D");
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

  /** One line naming the resource: its type and its most telling identifier. */
  static String resourceSummary(Node r) {
    String type = firstPresent(r.text("resourceType"), "unknown");
    String id = firstPresent(r.node("instanceDetails").text("instanceId"), r.node("eksClusterDetails").text("name"),
        r.node("ecsClusterDetails").text("name"));
    id = firstPresent(id, r.node("lambdaDetails").text("functionName"),
        r.node("rdsDbInstanceDetails").text("dbInstanceIdentifier"));
    id = firstPresent(id, r.node("rdsLimitlessDbDetails").text("dbShardGroupIdentifier"),
        r.nodes("s3BucketDetails").stream().findFirst().map(b -> b.text("name")).orElse(null));
    Node container = r.node("containerDetails");
    id = firstPresent(id, firstPresent(container.text("name"), container.text("image"), null),
        r.node("accessKeyDetails").text("userName"));
    String safeType = SafeText.line(type, 60);
    return id == null ? safeType : safeType + " " + SafeText.code(id, ID);
  }
}
