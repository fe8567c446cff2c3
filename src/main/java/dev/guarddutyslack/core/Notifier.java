package dev.guarddutyslack.core;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.routing.Route;
import dev.guarddutyslack.routing.Routes;
import dev.guarddutyslack.routing.Routing;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.webhooks.Address;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The core: what becomes of each input of an invocation, in three passes.
 * <ol>
 *   <li>Decide each input, from the input alone: not a finding (skipped), unreadable (failed), below the
 *       minimum severity (filtered), or a finding to post in its band.</li>
 *   <li>Route: if any finding is to be posted, read the webhooks once; give each finding the destinations
 *       the routing rules choose (or mute it), and its band's webhook when no rule decided (none: skipped;
 *       webhooks unreadable: failed, retried later).</li>
 *   <li>Dispatch the messages, one per finding and destination ({@link Dispatcher}).</li>
 * </ol>
 * Every outcome goes to the {@link Journal} as it is decided. An input has one outcome, or one for each
 * destination it was sent to.
 */
public final class Notifier {
  private final Intake intake;
  private final Routes routes;
  private final Dispatcher dispatcher;
  private final Digests digests;
  private final ConsoleSync consoleSync;
  private final Clock clock;
  private final Edges edges;

  /**
   * @param intake what is posted: findings from its severity up (those below are filtered before any rule), and
   *     the scan results of its statuses
   * @param clock whose UTC date ends rules at their {@code until}
   */
  public Notifier(Intake intake, Routes routes, Dispatcher dispatcher, Digests digests, Edges edges,
                  Clock clock) {
    this.intake = intake;
    this.routes = routes;
    this.dispatcher = dispatcher;
    this.digests = digests;
    this.consoleSync = digests.consoleSync();
    this.edges = edges;
    this.clock = clock;
  }

  /** The edges production works with (SnapStart's rehearsal forgets what they hold). */
  public Edges edges() {
    return edges;
  }

  /**
   * This notifier's rules, dispatcher and digests working through other edges (SnapStart's rehearsal): the very
   * objects production runs, while production's own edges stay as they are.
   */
  public Notifier with(Edges other) {
    return new Notifier(intake, routes, dispatcher, digests, other, clock);
  }

  /** The routing rules, for the preview's explanations. */
  public Routes routes() {
    return routes;
  }

  /**
   * Checks now, at start, that every destination the rules name has a webhook, so that a rule naming a
   * missing one stops the function instead of failing every finding it routes. Webhooks that cannot be read
   * now are no mistake in the rules: the first batch reads them again.
   *
   * @throws ConfigException naming the rule's field and the destination
   */
  public void checkDestinations() {
    if (routes.destinationFields(Routes.VARIABLE).isEmpty()) {
      return;
    }
    try {
      edges.webhooks().webhooks().require(routes.destinationFields(Routes.VARIABLE));
    } catch (StoreUnavailableException e) {
      edges.journal().warn("could not check the routing rules' destinations at start: " + e.getMessage());
    }
  }

  /** @return what became of each input, in input order: one outcome each, or one per destination */
  public List<Outcome> process(List<Input> inputs, Deadline deadline) throws InterruptedException {
    Edges edges = this.edges;
    Journal journal = edges.journal();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    for (Route ended : routes.newlyExpired(today)) {
      journal.warn("routing rule " + ended.quotedName() + " (" + Routes.VARIABLE + "[" + ended.index()
          + "]) ended on " + ended.until().orElseThrow() + " and no longer applies");
    }
    List<List<Outcome>> byInput = new ArrayList<>(inputs.size());
    List<Job> toPost = new ArrayList<>();
    Map<Integer, ParsedEvent.DigestDue> due = new LinkedHashMap<>();
    Map<Integer, ConsoleChange> console = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      byInput.add(new ArrayList<>(1));
      Verdict verdict = decide(input);
      if (verdict instanceof Verdict.Finished finished) {
        byInput.get(i).add(recorded(journal, finished.outcome()));
      } else if (verdict instanceof Verdict.Digest digest) {
        due.put(i, digest.due());
      } else if (verdict instanceof Verdict.Console change) {
        console.put(i, change.change());
      } else {
        Verdict.Post post = (Verdict.Post) verdict;
        noteUnusableUpdate(journal, post.finding());
        toPost.add(new Job(i, input, post.finding(), post.band(), null, Outcome.Routed.NONE));
      }
    }
    java.util.Set<Integer> waiting = new java.util.TreeSet<>(due.keySet());
    waiting.addAll(console.keySet());
    Optional<Webhooks> webhooks = toPost.isEmpty() && waiting.isEmpty() ? Optional.empty()
        : webhooks(edges, toPost, waiting, inputs, byInput);
    List<Job> routed = webhooks.map(w -> route(journal, toPost, byInput, today, w)).orElse(List.of());
    Map<Job, Outcome> delivered = dispatcher.dispatch(routed, edges, deadline);
    for (Job job : routed) {
      byInput.get(job.index()).add(delivered.get(job));
    }
    if (webhooks.isPresent()) {
      for (Map.Entry<Integer, ParsedEvent.DigestDue> digest : due.entrySet()) {
        byInput.get(digest.getKey()).add(recorded(journal, digests.deliver(inputs.get(digest.getKey()),
            digest.getValue(), webhooks.get(), edges, deadline)));
      }
      for (Map.Entry<Integer, ConsoleChange> change : console.entrySet()) {
        byInput.get(change.getKey()).add(recorded(journal, consoleSync.apply(inputs.get(change.getKey()),
            change.getValue(), webhooks.get(), edges, deadline)));
      }
    }
    journal.flush();
    List<Outcome> outcomes = new ArrayList<>(inputs.size());
    byInput.forEach(outcomes::addAll);
    return outcomes;
  }

  /** What the first pass makes of one input. */
  public sealed interface Verdict {
    record Finished(Outcome outcome) implements Verdict {}

    record Post(Finding finding, Severity band) implements Verdict {}

    /** The function's own trigger: a window's digest is due. */
    record Digest(ParsedEvent.DigestDue due) implements Verdict {}

    /** Findings archived, unarchived or rated in the console: their messages in app mode follow. */
    record Console(ConsoleChange change) implements Verdict {}
  }

  /** The first pass, a pure function of the input and the minimum severity. */
  public Verdict decide(Input input) {
    ParsedEvent event = input.event();
    if (event instanceof ParsedEvent.Unreadable unreadable) {
      return new Verdict.Finished(Outcome.failed(input, null, "unparseable: " + unreadable.reason()));
    }
    if (event instanceof ParsedEvent.NotAFinding other) {
      return new Verdict.Finished(Outcome.skipped(input, null, "not a finding: detail-type "
          + quoted(other.detailType()) + " from " + quoted(other.source())));
    }
    if (event instanceof ParsedEvent.DigestDue digest) {
      return new Verdict.Digest(digest);
    }
    if (event instanceof ParsedEvent.ConsoleChangeEvent change) {
      return new Verdict.Console(change.change());
    }
    if (event instanceof ParsedEvent.SingleDue single) {
      // Let through by the storm guard before, and counted: posted now, at its turn, past MIN_SEVERITY as then.
      Optional<Severity> band = single.finding().band();
      return band.isEmpty() ? new Verdict.Finished(Outcome.failed(input, single.finding(),
          "unparseable: the finding has no numeric severity")) : new Verdict.Post(single.finding(), band.get());
    }
    if (event instanceof ParsedEvent.ScanResultEvent scan) {
      Finding result = scan.finding();
      if (!intake.scanResultStatuses().contains(scan.status())) {
        return new Verdict.Finished(Outcome.skipped(input, null, "not a finding: a Malware Protection scan result "
            + quoted(scan.status()) + ", which SCAN_RESULT_STATUSES does not post"));
      }
      return new Verdict.Post(result, result.band().orElseThrow());
    }
    Finding finding = ((ParsedEvent.FindingEvent) event).finding();
    Optional<Severity> band = finding.band();
    if (band.isEmpty()) {
      return new Verdict.Finished(Outcome.failed(input, finding, "unparseable: the finding has no numeric severity"));
    }
    if (finding.severity() < intake.minSeverity()) {
      return new Verdict.Finished(Outcome.filtered(input, finding, "severity below minimum "
          + intake.minSeverity()));
    }
    return new Verdict.Post(finding, band.get());
  }

  /**
   * The webhooks, read once and only when something is to be posted; when they cannot be read, every finding
   * and digest of the invocation fails, to be retried.
   */
  private Optional<Webhooks> webhooks(Edges edges, List<Job> toPost, java.util.Set<Integer> waiting,
                                      List<Input> inputs, List<List<Outcome>> byInput) {
    Journal journal = edges.journal();
    try {
      Webhooks webhooks = edges.webhooks().webhooks();
      webhooks.require(routes.destinationFields(Routes.VARIABLE));
      return Optional.of(webhooks);
    } catch (ConfigException | StoreUnavailableException e) {
      if (e instanceof ConfigException
          || (e instanceof StoreUnavailableException unavailable && unavailable.misconfigured())) {
        journal.problem(e.getMessage() + "; every finding is retried until it is fixed");
      }
      for (Job job : toPost) {
        byInput.get(job.index()).add(recorded(journal, Outcome.failed(job.input(), job.finding(),
            "webhooks unavailable: " + e.getMessage())));
      }
      waiting.forEach(i -> byInput.get(i).add(recorded(journal, Outcome.failed(inputs.get(i), null,
          "webhooks unavailable: " + e.getMessage()))));
      return Optional.empty();
    }
  }

  /** The second pass: each finding's destinations, by the rules and its band. */
  private List<Job> route(Journal journal, List<Job> toPost, List<List<Outcome>> byInput, LocalDate today,
                          Webhooks webhooks) {
    List<Job> routed = new ArrayList<>();
    for (Job job : toPost) {
      Routing routing = routes.route(job.finding(), job.band(), today);
      List<Job> jobs = jobs(job, routing, webhooks);
      if (job.input().event() instanceof ParsedEvent.SingleDue single) {
        // A single message's turn: its one destination; the finding's others had theirs when it first came.
        jobs = jobs.stream().filter(j -> j.target().destination().equals(single.destination())).toList();
        if (jobs.isEmpty()) {
          byInput.get(job.index()).add(recorded(journal, Outcome.skipped(job.input(), job.finding(), "its turn came"
              + " for " + single.destination() + ", where the routing rules no longer send it")));
          continue;
        }
      }
      if (!jobs.isEmpty()) {
        routed.addAll(jobs);
        continue;
      }
      Outcome.Routed how = new Outcome.Routed(routing.ruleNames(), Optional.empty(), List.of());
      Outcome outcome = routing.mutedBy().isPresent()
          ? Outcome.muted(job.input(), job.finding(), routing.mutedBy().get().mute().orElseThrow())
          : Outcome.skipped(job.input(), job.finding(), "no webhook for band " + job.band().name());
      byInput.get(job.index()).add(recorded(journal, outcome.routed(how)));
    }
    return routed;
  }

  /**
   * One job per destination: the rules' destinations in order, then the band's channel when the rules leave
   * the finding to its band. Two names for one webhook are one message.
   */
  private static List<Job> jobs(Job finding, Routing routing, Webhooks webhooks) {
    if (routing.mutedBy().isPresent()) {
      return List.of();
    }
    Optional<Address> bandAddress = webhooks.forBand(finding.band());
    Map<Address, Job.Target> targets = new LinkedHashMap<>();
    for (Routing.Target target : routing.targets()) {
      Address address = webhooks.forDestination(target.destination()).orElseThrow();
      targets.putIfAbsent(address, new Job.Target(target.destination(), address,
          !bandAddress.equals(Optional.of(address)), target.mentions()));
    }
    if (routing.byBand() && bandAddress.isPresent()) {
      targets.putIfAbsent(bandAddress.get(), new Job.Target(webhooks.nameForBand(finding.band()).orElseThrow(),
          bandAddress.get(), false, List.of()));
    }
    List<String> destinations = targets.values().stream().map(Job.Target::destination).toList();
    List<Job> jobs = new ArrayList<>(targets.size());
    for (Job.Target target : targets.values()) {
      jobs.add(new Job(finding.index(), finding.input(), finding.finding(), finding.band(), target,
          new Outcome.Routed(routing.ruleNames(), Optional.of(target.destination()), destinations)));
    }
    return jobs;
  }

  /**
   * A finding whose updatedAt names no real time (a forged {@code +999999999-12-31T23:59:59Z}) is handled as
   * one without it; the log says so, by finding.
   */
  private static void noteUnusableUpdate(Journal journal, Finding finding) {
    if (finding.updatedAt() != null && Timestamps.parse(finding.updatedAt()).isEmpty()) {
      journal.warn("finding " + quoted(finding.id()) + ": updatedAt is not a time from "
          + Timestamps.EARLIEST.atZone(ZoneOffset.UTC).getYear() + " to "
          + Timestamps.LATEST.atZone(ZoneOffset.UTC).getYear() + "; treated as absent");
    }
  }

  private static Outcome recorded(Journal journal, Outcome outcome) {
    journal.record(outcome);
    return outcome;
  }

  private static String quoted(String s) {
    return s == null ? "(none)" : "\"" + (s.length() > 80 ? s.substring(0, 80) + "\u2026" : s) + "\"";
  }
}
