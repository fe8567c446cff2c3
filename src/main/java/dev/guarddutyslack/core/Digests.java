package dev.guarddutyslack.core;

import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.format.DigestFormatter;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.format.Metadata;
import dev.guarddutyslack.slack.Envelope;
import dev.guarddutyslack.slack.SlackMessage;
import dev.guarddutyslack.webhooks.Address;
import dev.guarddutyslack.webhooks.Channel;
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
 * reach Slack fails its trigger, which the queue retries like a finding; one Slack took without answering is
 * counted, and, as for a finding, at most {@link Attempt#MAX_UNANSWERED_COPIES} such copies go out across
 * all retries. A trigger for a window that starts more than one window ahead of now was not made by the
 * function: it is unreadable, and fails to the dead-letter queue rather than asking again until then.
 */
public final class Digests {
  /** How long a digest's claim outlives the invocation that took it, should that invocation die. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  private final DigestFormatter formatter;
  private final MessageWriter writer;
  private final Ticker ticker;
  private final Clock clock;

  /** What a change made in the console needs of the same parts: the writer and the ticker. */
  ConsoleSync consoleSync() {
    return new ConsoleSync(writer, ticker);
  }

  public Digests(DigestFormatter formatter, MessageWriter writer, Ticker ticker, Clock clock) {
    this.formatter = formatter;
    this.writer = writer;
    this.ticker = ticker;
    this.clock = clock;
  }

  /** @param edges the storm guard whose ledger holds the window, the poster and the journal */
  Outcome deliver(Input input, ParsedEvent.DigestDue due, Webhooks webhooks, Edges edges, Deadline deadline)
      throws InterruptedException {
    long start = ticker.nanoTime();
    StormGuard storm = edges.storm();
    Window window = new Window(due.destination(), due.windowStart(), due.window());
    Outcome.Routed routed = new Outcome.Routed(Optional.empty(), Optional.of(due.destination()),
        List.of(due.destination()));
    if (!storm.stores()) {
      return Outcome.digest(input, "no state table: the storm guard is off here, and holds nothing", null,
          Duration.ZERO).routed(routed);
    }
    if (window.start().isAfter(clock.instant().plus(window.length()))) {
      return Outcome.failed(input, null, "unreadable: a digest trigger for a window that starts more than one window"
          + " ahead of now (" + window.start() + "); the function sends none such").routed(routed);
    }
    Ledger ledger = storm.ledger();
    try {
      if (clock.instant().isBefore(window.end().plus(StormGuard.GRACE))) {
        Optional<Address> living = webhooks.forDestination(due.destination()).filter(Channel.class::isInstance);
        if (living.isPresent()) {
          String what = progress(window, (Channel) living.get(), edges, deadline);
          storm.rescheduleProgress(window, deadline.remaining());
          return Outcome.digest(input, what + "; its trigger is sent again", null, since(start)).routed(routed);
        }
        storm.reschedule(window, deadline.remaining());
        return Outcome.digest(input, "the digest is due at " + window.end().plus(StormGuard.GRACE)
            + " (the window's end and " + StormGuard.GRACE.toSeconds() + " s for late holds); its trigger is sent again", null,
            since(start)).routed(routed);
      }
      Optional<Address> address = webhooks.forDestination(due.destination());
      if (address.isEmpty()) {
        return Outcome.failed(input, null, "no webhook or channel named " + due.destination() + " for its digest")
            .routed(routed);
      }
      String claimId = UUID.randomUUID().toString();
      Optional<Ledger.Digest> claimed = ledger.claimDigest(window, claimId,
          deadline.remaining().plus(LEASE_MARGIN), deadline.remaining());
      if (claimed.isEmpty()) {
        return Outcome.digest(input, "posted already, or being posted by another invocation", null, since(start))
            .routed(routed);
      }
      Ledger.Digest digest = claimed.get();
      if (digest.unanswered() >= Attempt.MAX_UNANSWERED_COPIES) {
        ledger.digestPosted(window, claimId, deadline.remaining());
        return Outcome.digest(input, "sent " + digest.unanswered() + " times already and Slack answered none; it may"
            + " have posted them, so no further copy is sent", null, since(start)).routed(routed);
      }
      if (digest.held().isEmpty() && digest.unlisted() == 0) {
        ledger.digestPosted(window, claimId, deadline.remaining());
        return Outcome.digest(input, "nothing was held back in the window", null, since(start)).routed(routed);
      }
      DeliveryOutcome delivery;
      try {
        SlackMessage message = formatter.format(digest);
        delivery = null;
        if (address.get() instanceof Channel channel && digest.messageTs() != null) {
          // App mode: the message that showed the digest so far becomes the digest.
          DeliveryOutcome edited = edges.poster().call(channel, "chat.update", writer.write(message,
              Envelope.update(channel.id(), digest.messageTs(), Metadata.ofDigest(due.destination(), window.start()))),
              deadline);
          delivery = edited.messageGone() ? null : edited;
        }
        if (delivery == null) {
          byte[] body = address.get() instanceof Channel channel ? writer.write(message, channel.id(),
              Metadata.ofDigest(due.destination(), window.start())) : writer.write(message);
          delivery = edges.poster().post(address.get(), body, deadline);
        }
      } catch (RuntimeException e) {
        ledger.releaseDigest(window, claimId, deadline.remaining());
        return Outcome.failed(input, null, "the digest's post failed: " + e.getClass().getSimpleName())
            .routed(routed);
      }
      String what = "digest of " + (digest.held().size() + digest.unlisted()) + " held back, " + digest.singles()
          + " posted singly";
      switch (delivery.result()) {
        case ACCEPTED -> ledger.digestPosted(window, claimId, deadline.remaining());
        case SENT_UNANSWERED -> {
          ledger.digestUnanswered(window, claimId, deadline.remaining());
          what = what + "; Slack took it and did not answer: it may be in the channel (" + (digest.unanswered() + 1)
              + " of at most " + Attempt.MAX_UNANSWERED_COPIES + " copies)";
        }
        default -> ledger.releaseDigest(window, claimId, deadline.remaining());
      }
      return Outcome.digest(input, what, delivery, since(start)).routed(routed);
    } catch (StoreUnavailableException e) {
      if (e.misconfigured()) {
        edges.journal().problem(e.getMessage() + "; digests are retried until it is fixed");
      }
      return Outcome.failed(input, null, "storm guard unavailable: " + e.getMessage()).routed(routed);
    }
  }

  /**
   * App mode, a window still open: its digest so far, posted once and then edited, at most every
   * {@link StormGuard#PROGRESS} across copies. What fails here only waits for the next trigger: the window's own
   * digest, at its end, is what must not fail.
   *
   * @return what was done, for the log
   */
  private String progress(Window window, Channel channel, Edges edges, Deadline deadline)
      throws InterruptedException {
    Ledger ledger = edges.storm().ledger();
    Optional<Ledger.Digest> sofar = ledger.claimProgress(window, clock.instant(), StormGuard.PROGRESS,
        deadline.remaining());
    if (sofar.isEmpty()) {
      return "the digest so far was brought up to date less than " + StormGuard.PROGRESS.toSeconds()
          + " s ago, or the digest is being posted";
    }
    Ledger.Digest digest = sofar.get();
    long heldBack = digest.held().size() + digest.unlisted();
    if (heldBack == 0) {
      return "nothing held back yet";
    }
    SlackMessage message = formatter.formatSoFar(digest, clock.instant());
    if (digest.messageTs() != null) {
      DeliveryOutcome edited = edges.poster().call(channel, "chat.update", writer.write(message,
          Envelope.update(channel.id(), digest.messageTs(), Metadata.ofDigest(window.destination(), window.start()))),
          deadline);
      if (edited.delivered()) {
        return "the digest so far (" + heldBack + " held back) was edited in place";
      }
      if (!edited.messageGone()) {
        return "the digest so far could not be edited (" + edited.slackError() + "); the next trigger tries again";
      }
    }
    DeliveryOutcome posted = edges.poster().post(channel, writer.write(message, channel.id(),
        Metadata.ofDigest(window.destination(), window.start())), deadline);
    if (posted.delivered() && posted.ts() != null) {
      ledger.progressPosted(window, posted.ts(), deadline.remaining());
      return "the digest so far (" + heldBack + " held back) was posted; it is edited as findings are held";
    }
    return "the digest so far could not be posted (" + posted.slackError() + "); the next trigger tries again";
  }

  private Duration since(long startNanos) {
    return Duration.ofNanos(ticker.nanoTime() - startNanos);
  }
}
