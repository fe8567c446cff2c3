package dev.guarddutyslack.core;

import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.delivery.Poster;
import dev.guarddutyslack.format.DigestFormatter;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Webhook;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Posts a window's digest when its trigger arrives: after the window closes (an early trigger is sent again),
 * once (a claim in the ledger; a repeated trigger finds it posted), from the ledger's durable record of what
 * was held back, so that another copy of the function or a cold start loses nothing. A digest that does not
 * reach Slack fails its trigger, which the queue retries like a finding.
 */
public final class Digests {
  /** How long a digest's claim outlives the invocation that took it, should that invocation die. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  private final StormGuard storm;
  private final DigestFormatter formatter;
  private final MessageWriter writer;
  private final Poster poster;
  private final Journal journal;
  private final Ticker ticker;
  private final Clock clock;

  public Digests(StormGuard storm, DigestFormatter formatter, MessageWriter writer, Poster poster, Journal journal,
                 Ticker ticker, Clock clock) {
    this.storm = storm;
    this.formatter = formatter;
    this.writer = writer;
    this.poster = poster;
    this.journal = journal;
    this.ticker = ticker;
    this.clock = clock;
  }

  Outcome deliver(Input input, ParsedEvent.DigestDue due, Webhooks webhooks, Deadline deadline)
      throws InterruptedException {
    long start = ticker.nanoTime();
    Window window = new Window(due.destination(), due.windowStart(), due.window());
    Outcome.Routed routed = new Outcome.Routed(Optional.empty(), Optional.of(due.destination()),
        List.of(due.destination()));
    Ledger ledger = storm.ledger();
    if (ledger == null) {
      return Outcome.digest(input, "no state table: the storm guard is off here, and holds nothing", null,
          Duration.ZERO).routed(routed);
    }
    try {
      if (clock.instant().isBefore(window.end().plus(StormGuard.GRACE))) {
        storm.reschedule(window, deadline.remaining());
        return Outcome.digest(input, "the window is open until " + window.end() + "; its trigger is sent again", null,
            since(start)).routed(routed);
      }
      Optional<Webhook> webhook = webhooks.forDestination(due.destination());
      if (webhook.isEmpty()) {
        return Outcome.failed(input, null, "no webhook named " + due.destination() + " for its digest").routed(routed);
      }
      String claimId = UUID.randomUUID().toString();
      Optional<Ledger.Digest> claimed = ledger.claimDigest(window, claimId,
          deadline.remaining().plus(LEASE_MARGIN), deadline.remaining());
      if (claimed.isEmpty()) {
        return Outcome.digest(input, "posted already, or being posted by another invocation", null, since(start))
            .routed(routed);
      }
      Ledger.Digest digest = claimed.get();
      if (digest.held().isEmpty()) {
        ledger.digestPosted(window, claimId, deadline.remaining());
        return Outcome.digest(input, "nothing was held back in the window", null, since(start)).routed(routed);
      }
      DeliveryOutcome delivery;
      try {
        delivery = poster.post(webhook.get(), writer.write(formatter.format(digest)), deadline);
      } catch (RuntimeException e) {
        ledger.releaseDigest(window, claimId, deadline.remaining());
        return Outcome.failed(input, null, "the digest's post failed: " + e.getClass().getSimpleName())
            .routed(routed);
      }
      if (delivery.result() == DeliveryOutcome.Result.ACCEPTED) {
        ledger.digestPosted(window, claimId, deadline.remaining());
      } else {
        ledger.releaseDigest(window, claimId, deadline.remaining());
      }
      return Outcome.digest(input, "digest of " + digest.held().size() + " held back, " + digest.singles()
          + " posted singly", delivery, since(start)).routed(routed);
    } catch (StoreUnavailableException e) {
      if (e.misconfigured()) {
        journal.problem(e.getMessage() + "; digests are retried until it is fixed");
      }
      return Outcome.failed(input, null, "storm guard unavailable: " + e.getMessage()).routed(routed);
    }
  }

  private Duration since(long startNanos) {
    return Duration.ofNanos(ticker.nanoTime() - startNanos);
  }
}
