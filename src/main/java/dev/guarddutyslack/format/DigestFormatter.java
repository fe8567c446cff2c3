package dev.guarddutyslack.format;

import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.slack.Block;
import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.slack.Plain;
import dev.guarddutyslack.slack.SlackMessage;
import dev.guarddutyslack.storm.HeldFinding;
import dev.guarddutyslack.storm.Ledger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One destination's digest of a window, as a Slack message: "N findings in M minutes; K posted singly above",
 * the held-back findings counted by band, type (top 10), account (top 10) and region, the five most severe
 * with their console links, and links to the console's findings in each region. Text from the findings enters
 * only as {@link Mrkdwn} or {@link Plain}, as in every message.
 */
public final class DigestFormatter {
  static final int TOP = 10;
  static final int MOST_SEVERE = 5;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final Map<String, String> accountNames;

  public DigestFormatter(Map<String, String> accountNames) {
    this.accountNames = Map.copyOf(accountNames);
  }

  public SlackMessage format(Ledger.Digest digest) {
    return format(digest, java.util.Optional.empty());
  }

  /**
   * App mode: the digest of a window still open, as its message shows it until the window closes and the digest
   * itself replaces it: the same, and a line saying so.
   */
  public SlackMessage formatSoFar(Ledger.Digest digest, java.time.Instant asOf) {
    return format(digest, java.util.Optional.of(asOf));
  }

  private SlackMessage format(Ledger.Digest digest, java.util.Optional<java.time.Instant> openAsOf) {
    List<HeldFinding> held = digest.held();
    long total = digest.total();
    long heldBack = held.size() + digest.unlisted();
    Severity highest = held.stream().map(HeldFinding::band).max(Comparator.naturalOrder()).orElse(Severity.LOW);
    String when = DAY.format(digest.window().start()) + "\u2013" + CLOCK.format(digest.window().end()) + " UTC";

    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.header(Plain.ours("GuardDuty digest \u00B7 ").plus(
        Plain.of(digest.window().destination() + " \u00B7 " + when, Limits.HEADER_TEXT))));
    blocks.add(Block.section(Mrkdwn.ours("*").plus(Mrkdwn.number(total))
        .plus(total == 1 ? Mrkdwn.ours(" finding in ") : Mrkdwn.ours(" findings in "))
        .plus(minutes(digest.window().minutes())).plus(Mrkdwn.ours("; "))
        .plus(Mrkdwn.number(digest.singles())).plus(Mrkdwn.ours(" posted singly above.*\n"))
        .plus(Mrkdwn.number(heldBack)).plus(Mrkdwn.ours(" held back to keep the channel readable, counted here."))
        .plus(digest.unlisted() == 0 ? Mrkdwn.EMPTY : Mrkdwn.ours("\n_").plus(Mrkdwn.number(digest.unlisted()))
            .plus(Mrkdwn.ours(" of them were more than the digest's store could list: they are counted in the total"))
            .plus(Mrkdwn.ours(" and the GuardDuty console lists them, but not in the breakdowns below._")))));
    openAsOf.ifPresent(at -> blocks.add(Block.context(List.of(Mrkdwn.ours("Still collecting: the window closes at ")
        .plus(Mrkdwn.line(CLOCK.format(digest.window().end()), 5)).plus(Mrkdwn.ours(" UTC; brought up to date at "))
        .plus(Mrkdwn.line(SECONDS.format(at), 8)).plus(Mrkdwn.ours(" UTC"))))));
    blocks.add(Block.fields(byBand(held)));
    blocks.add(Block.section(Mrkdwn.ours("*By finding type*\n").plus(top(held, HeldFinding::type, TOP, true))));
    blocks.add(Block.section(Mrkdwn.ours("*By account*\n").plus(top(held, this::account, TOP, false))));
    blocks.add(Block.section(Mrkdwn.ours("*By region*\n").plus(top(held, HeldFinding::region, TOP, true))));
    List<HeldFinding> mostSevere = held.stream()
        .sorted(Comparator.comparingDouble(HeldFinding::severity).reversed().thenComparing(HeldFinding::id))
        .limit(MOST_SEVERE).toList();
    blocks.add(Block.section(mostSevere(mostSevere)));
    List<Block.Button> buttons = new ArrayList<>();
    for (int i = 0; i < mostSevere.size(); i++) {
      HeldFinding f = mostSevere.get(i);
      int n = i + 1;
      ConsoleLinks.findingUrl(f.region(), f.id(), f.partition()).ifPresent(url ->
          buttons.add(Block.button(Plain.ours("Open ").plus(Plain.of(Integer.toString(n), 3)), url, "digest_" + n)));
    }
    held.stream().collect(Collectors.groupingBy(f -> f.region() + "@" + f.partition(), LinkedHashMap::new,
        Collectors.counting())).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(Limits.MAX_BUTTONS - MOST_SEVERE).forEach(e -> {
          String region = e.getKey().substring(0, e.getKey().indexOf('@'));
          String partition = e.getKey().substring(e.getKey().indexOf('@') + 1);
          ConsoleLinks.findingsUrl(region, partition).ifPresent(url -> buttons.add(Block.button(
              Plain.ours("Findings in ").plus(Plain.of(region, 30)), url, "digest_region_" + region)));
        });
    if (!buttons.isEmpty()) {
      blocks.add(Block.actions(buttons));
    }
    blocks.add(Block.context(List.of(Mrkdwn.ours("Storm guard digest for ").plus(Mrkdwn.code(
        digest.window().destination(), 40)).plus(Mrkdwn.ours(", window ")).plus(Mrkdwn.line(when, 60)))));
    Mrkdwn line = Mrkdwn.ours("GuardDuty digest: ").plus(Mrkdwn.number(total))
        .plus(total == 1 ? Mrkdwn.ours(" finding in ") : Mrkdwn.ours(" findings in "))
        .plus(minutes(digest.window().minutes())).plus(Mrkdwn.ours("; ")).plus(Mrkdwn.number(digest.singles()))
        .plus(Mrkdwn.ours(" posted singly, "))
        .plus(Mrkdwn.number(heldBack)).plus(Mrkdwn.ours(" held back (")).plus(Mrkdwn.line(
            digest.window().destination(), 40)).plus(Mrkdwn.ours(")"));
    return SlackMessage.of(line, highest.colour(), blocks);
  }

  private static Mrkdwn minutes(long minutes) {
    return Mrkdwn.number(minutes).plus(minutes == 1 ? Mrkdwn.ours(" minute") : Mrkdwn.ours(" minutes"));
  }

  private static List<Mrkdwn> byBand(List<HeldFinding> held) {
    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
    held.forEach(f -> counts.merge(f.band(), 1L, Long::sum));
    List<Mrkdwn> fields = new ArrayList<>();
    for (Severity band : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
      fields.add(Mrkdwn.line(band.name(), 10).bold().plus(Mrkdwn.ours("\n"))
          .plus(Mrkdwn.number(counts.getOrDefault(band, 0L))));
    }
    return fields;
  }

  /** The most frequent values, one per line with their count, and how many others there were. */
  private static Mrkdwn top(List<HeldFinding> held, Function<HeldFinding, String> key, int limit, boolean code) {
    Map<String, Long> counts = held.stream().collect(Collectors.groupingBy(f -> key.apply(f).isEmpty() ? "unknown"
        : key.apply(f), Collectors.counting()));
    List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .toList();
    List<Mrkdwn> lines = new ArrayList<>();
    for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
      Mrkdwn value = code ? Mrkdwn.code(entry.getKey(), 120) : Mrkdwn.line(entry.getKey(), 120);
      lines.add(Mrkdwn.ours("\u2022 ").plus(value).plus(Mrkdwn.ours(" \u00D7 ")).plus(Mrkdwn.number(entry.getValue())));
    }
    if (sorted.size() > limit) {
      lines.add(Mrkdwn.ours("_and ").plus(Mrkdwn.number(sorted.size() - limit)).plus(Mrkdwn.ours(" more_")));
    }
    return lines.isEmpty() ? Mrkdwn.ours("none") : Mrkdwn.join(Mrkdwn.ours("\n"), lines);
  }

  private String account(HeldFinding finding) {
    String name = accountNames.get(finding.accountId());
    return name == null ? finding.accountId() : finding.accountId() + " " + name;
  }

  private static Mrkdwn mostSevere(List<HeldFinding> findings) {
    List<Mrkdwn> lines = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      HeldFinding f = findings.get(i);
      lines.add(Mrkdwn.number(i + 1).plus(Mrkdwn.ours(". ")).plus(Mrkdwn.line(f.band().name() + " "
          + f.severity(), 20).bold()).plus(Mrkdwn.ours(" ")).plus(Mrkdwn.code(f.type(), 120))
          .plus(Mrkdwn.ours(" \u2014 ")).plus(Mrkdwn.line(f.title(), 160)).plus(Mrkdwn.ours(" \u00B7 account "))
          .plus(Mrkdwn.code(f.accountId(), 20)).plus(Mrkdwn.ours(" \u00B7 ")).plus(Mrkdwn.line(f.region(), 30)));
    }
    return Mrkdwn.ours("*Most severe held back*\n").plus(lines.isEmpty() ? Mrkdwn.ours("none")
        : Mrkdwn.join(Mrkdwn.ours("\n"), lines));
  }
}
