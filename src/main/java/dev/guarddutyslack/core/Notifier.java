package dev.guarddutyslack.core;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.webhooks.Webhook;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The core: what becomes of each input of an invocation, in three passes.
 * <ol>
 *   <li>Decide each input, from the input alone: not a finding (skipped), unreadable (failed), below the
 *       minimum severity (filtered), or a finding to post in its band.</li>
 *   <li>Route: if any finding is to be posted, read the webhooks once, and give each its band's webhook
 *       (none: skipped; webhooks unreadable: failed, retried later).</li>
 *   <li>Dispatch the routed findings ({@link Dispatcher}).</li>
 * </ol>
 * Every outcome goes to the {@link Journal} as it is decided.
 */
public final class Notifier {
  private final double minSeverity;
  private final WebhookSource webhookSource;
  private final Dispatcher dispatcher;
  private final Journal journal;

  /** @param minSeverity findings below this numeric severity are filtered */
  public Notifier(double minSeverity, WebhookSource webhookSource, Dispatcher dispatcher, Journal journal) {
    this.minSeverity = minSeverity;
    this.webhookSource = webhookSource;
    this.dispatcher = dispatcher;
    this.journal = journal;
  }

  /** @return what became of each input, in input order */
  public List<Outcome> process(List<Input> inputs, Deadline deadline) throws InterruptedException {
    Outcome[] outcomes = new Outcome[inputs.size()];
    List<Job> toPost = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      Verdict verdict = decide(input);
      if (verdict instanceof Verdict.Finished finished) {
        outcomes[i] = recorded(finished.outcome());
      } else {
        Verdict.Post post = (Verdict.Post) verdict;
        noteUnusableUpdate(post.finding());
        toPost.add(new Job(i, input, post.finding(), post.band(), null));
      }
    }
    List<Job> routed = route(toPost, outcomes);
    dispatcher.dispatch(routed, deadline).forEach((index, outcome) -> outcomes[index] = outcome);
    journal.flush();
    return List.of(outcomes);
  }

  /** What the first pass makes of one input. */
  public sealed interface Verdict {
    record Finished(Outcome outcome) implements Verdict {}

    record Post(Finding finding, Severity band) implements Verdict {}
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
    Finding finding = ((ParsedEvent.FindingEvent) event).finding();
    Optional<Severity> band = finding.band();
    if (band.isEmpty()) {
      return new Verdict.Finished(Outcome.failed(input, finding, "unparseable: the finding has no numeric severity"));
    }
    if (finding.severity() < minSeverity) {
      return new Verdict.Finished(Outcome.filtered(input, finding, "severity below minimum " + minSeverity));
    }
    return new Verdict.Post(finding, band.get());
  }

  /** The second pass: the webhooks, read once and only when something is to be posted. */
  private List<Job> route(List<Job> toPost, Outcome[] outcomes) {
    if (toPost.isEmpty()) {
      return List.of();
    }
    Webhooks webhooks;
    try {
      webhooks = webhookSource.webhooks();
    } catch (ConfigException | StoreUnavailableException e) {
      if (e instanceof ConfigException
          || (e instanceof StoreUnavailableException unavailable && unavailable.misconfigured())) {
        journal.problem(e.getMessage() + "; every finding is retried until it is fixed");
      }
      for (Job job : toPost) {
        outcomes[job.index()] = recorded(Outcome.failed(job.input(), job.finding(),
            "webhooks unavailable: " + e.getMessage()));
      }
      return List.of();
    }
    List<Job> routed = new ArrayList<>();
    for (Job job : toPost) {
      Optional<Webhook> webhook = webhooks.forBand(job.band());
      if (webhook.isPresent()) {
        routed.add(job.to(webhook.get()));
      } else {
        outcomes[job.index()] = recorded(Outcome.skipped(job.input(), job.finding(),
            "no webhook for band " + job.band().name()));
      }
    }
    return routed;
  }

  /**
   * A finding whose updatedAt names no real time (a forged {@code +999999999-12-31T23:59:59Z}) is handled as
   * one without it; the log says so, by finding.
   */
  private void noteUnusableUpdate(Finding finding) {
    if (finding.updatedAt() != null && Timestamps.parse(finding.updatedAt()).isEmpty()) {
      journal.warn("finding " + quoted(finding.id()) + ": updatedAt is not a time from "
          + Timestamps.EARLIEST.atZone(ZoneOffset.UTC).getYear() + " to "
          + Timestamps.LATEST.atZone(ZoneOffset.UTC).getYear() + "; treated as absent");
    }
  }

  private Outcome recorded(Outcome outcome) {
    journal.record(outcome);
    return outcome;
  }

  private static String quoted(String s) {
    return s == null ? "(none)" : "\"" + (s.length() > 80 ? s.substring(0, 80) + "\u2026" : s) + "\"";
  }
}
