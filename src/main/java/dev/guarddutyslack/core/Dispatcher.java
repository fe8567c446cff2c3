package dev.guarddutyslack.core;

import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.dedup.NotificationGate.Claim;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Webhook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Delivers routed findings: for each finding and destination, claim it (deduplication), format and serialise
 * the message, post it, then confirm the claim, or release it when the post failed so that the retry can post
 * to that destination alone. Posts to one
 * webhook go one after another in input order (Slack paces each webhook); different webhooks are served at
 * the same time, so that one band's rate limit does not hold up another's.
 */
public final class Dispatcher {
  /**
   * How many copies of one update may go out without an answer from Slack, across all retries: after a
   * timeout Slack has often posted the message, so a third would most likely be a third copy in the channel.
   */
  static final int MAX_UNANSWERED_COPIES = 2;
  /** One thread per band: posts to different webhooks go out together. */
  private static final int DELIVERY_THREADS = 4;

  private final MessageWriter writer;
  private final ExecutorService executor;
  private final Ticker ticker;

  /** The threads that serve the webhooks' queues: one per band, so that every band is served at once. */
  public static ExecutorService threads() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return java.util.concurrent.Executors.newFixedThreadPool(DELIVERY_THREADS, r -> {
      Thread t = new Thread(r, "slack-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** @param executor runs one webhook's queue at a time ({@link #threads()}) */
  public Dispatcher(MessageWriter writer, ExecutorService executor, Ticker ticker) {
    this.writer = writer;
    this.executor = executor;
    this.ticker = ticker;
  }

  /**
   * @param edges the gate that claims each finding, the storm guard that counts what goes out singly per
   *     destination and window (and holds back the rest), the formatter, the poster and the journal
   * @return each job's outcome
   */
  Map<Job, Outcome> dispatch(List<Job> jobs, Notifier.Edges edges, Deadline deadline) throws InterruptedException {
    Map<Webhook, List<Job>> byWebhook = new LinkedHashMap<>();
    for (Job job : jobs) {
      byWebhook.computeIfAbsent(job.target().webhook(), k -> new ArrayList<>()).add(job);
    }
    Map<Job, Outcome> outcomes = new ConcurrentHashMap<>();
    List<Future<?>> running = new ArrayList<>();
    for (List<Job> queue : byWebhook.values()) {
      running.add(executor.submit(() -> {
        for (Job job : queue) {
          Outcome outcome = deliverAlone(job, edges, deadline).routed(job.routed());
          edges.journal().record(outcome);
          outcomes.put(job, outcome);
        }
        return null;
      }));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("delivery failed unexpectedly", e.getCause());
      }
    }
    return outcomes;
  }

  /** One job's delivery, whatever fails in it: an unexpected failure fails this finding alone. */
  private Outcome deliverAlone(Job job, Notifier.Edges edges, Deadline deadline) throws InterruptedException {
    try {
      return deliver(job, edges, deadline);
    } catch (RuntimeException e) {
      return Outcome.failed(job.input(), job.finding(), "could not deliver: " + e.getClass().getSimpleName());
    }
  }

  private Outcome deliver(Job job, Notifier.Edges edges, Deadline deadline) throws InterruptedException {
    long start = ticker.nanoTime();
    NotificationGate gate = edges.gate();
    StormGuard storm = edges.storm();
    Journal journal = edges.journal();
    Claim claim;
    try {
      claim = gate.claim(job.finding(), job.band(), job.target().record(), deadline.remaining());
    } catch (StoreUnavailableException e) {
      if (e.misconfigured()) {
        journal.problem(e.getMessage() + "; every finding is retried until it is fixed");
      }
      return Outcome.failed(job.input(), job.finding(), "deduplication store unavailable: " + e.getMessage());
    }
    if (claim instanceof Claim.Refused refused) {
      return Outcome.suppressed(job.input(), job.finding(), refused.reason(), since(start));
    }
    if (claim instanceof Claim.Busy busy) {
      return Outcome.deferred(job.input(), job.finding(), busy.reason(), since(start));
    }
    Claim.Granted granted = (Claim.Granted) claim;
    if (granted.unanswered() >= MAX_UNANSWERED_COPIES) {
      confirm(gate, granted, journal, deadline);
      return Outcome.suppressed(job.input(), job.finding(), "sent " + granted.unanswered() + " times already and"
          + " Slack answered none; it may have posted them, so no further copy is sent", since(start));
    }
    StormGuard.Admission admission;
    try {
      admission = storm.admit(job.target().destination(), job.band(), deadline.remaining());
      if (admission instanceof StormGuard.Admission.Hold hold) {
        storm.hold(hold.window(), job.finding(), deadline.remaining());
        confirm(gate, granted, journal, deadline);
        return Outcome.digested(job.input(), job.finding(), "held back for the digest of " + hold.window().destination()
            + ", window " + hold.window().start() + " (" + hold.window().minutes() + " min)", since(start));
      }
    } catch (StoreUnavailableException e) {
      release(gate, granted, journal, deadline);
      if (e.misconfigured()) {
        journal.problem(e.getMessage() + "; every finding is retried until it is fixed");
      }
      return Outcome.failed(job.input(), job.finding(), "storm guard unavailable: " + e.getMessage());
    }
    StormGuard.Admission.Single single = (StormGuard.Admission.Single) admission;
    byte[] body;
    try {
      body = writer.write(edges.formatter().format(job.finding(), granted.previous(), job.target().mentions()));
    } catch (RuntimeException e) {
      release(gate, granted, journal, deadline);
      unadmit(storm, single, journal, deadline);
      return Outcome.failed(job.input(), job.finding(), "could not format: " + e.getClass().getSimpleName());
    }
    DeliveryOutcome delivery;
    try {
      delivery = edges.poster().post(job.target().webhook(), body, deadline);
    } catch (RuntimeException e) {
      release(gate, granted, journal, deadline);
      unadmit(storm, single, journal, deadline);
      return Outcome.failed(job.input(), job.finding(), "the post failed: " + e.getClass().getSimpleName());
    }
    Duration elapsed = since(start);
    String reason = switch (delivery.result()) {
      case ACCEPTED -> {
        confirm(gate, granted, journal, deadline);
        yield renotification(granted, job);
      }
      case SENT_UNANSWERED -> {
        unanswered(gate, granted, journal, deadline);
        // Only a gate that keeps state can count copies; without one, each retry of the record sends one more.
        yield granted.token() == null
            ? "Slack took the message and did not answer; it may be in the channel, and without deduplication"
                + " every retry of the record sends another copy"
            : "Slack took the message and did not answer; it may be in the channel ("
                + (granted.unanswered() + 1) + " of at most " + MAX_UNANSWERED_COPIES + " copies)";
      }
      case RATE_LIMITED -> {
        release(gate, granted, journal, deadline);
        unadmit(storm, single, journal, deadline);
        yield "Slack asked to wait " + delivery.retryAfter().toSeconds()
            + " s, longer than this invocation has; handed back to the queue";
      }
      case REJECTED -> {
        release(gate, granted, journal, deadline);
        unadmit(storm, single, journal, deadline);
        yield "slack rejected the message";
      }
      case UNAVAILABLE -> {
        release(gate, granted, journal, deadline);
        unadmit(storm, single, journal, deadline);
        yield "slack unavailable, will retry";
      }
    };
    return Outcome.afterPost(job.input(), job.finding(), reason, delivery, elapsed);
  }

  /** A single message that did not reach Slack is taken back from its window's count; a failure here is logged. */
  private static void unadmit(StormGuard storm, StormGuard.Admission.Single single, Journal journal,
                              Deadline deadline) {
    try {
      storm.unadmit(single, deadline.remaining());
    } catch (RuntimeException e) {
      journal.warn("storm guard: a failed post stays counted in its window (" + e.getMessage() + ")");
    }
  }

  /** Why a finding is posted again, for the log; null for a first notification. */
  private static String renotification(Claim.Granted granted, Job job) {
    return granted.previous().map(p -> p.band().ordinal() < job.band().ordinal()
        ? "re-notification: band rose from " + p.band().name() : "re-notification: still active").orElse(null);
  }

  private static void release(NotificationGate gate, Claim.Granted claim, Journal journal, Deadline deadline) {
    try {
      gate.release(claim, deadline.remaining());
    } catch (RuntimeException e) {
      // The claim then lapses by itself, before SQS shows the record again.
      journal.warn("could not release a notification claim: " + describe(e));
    }
  }

  private static void unanswered(NotificationGate gate, Claim.Granted claim, Journal journal, Deadline deadline) {
    try {
      gate.unanswered(claim, deadline.remaining());
    } catch (RuntimeException e) {
      // The claim lapses by itself; the retry then cannot count this copy, and may send one more.
      journal.warn("could not record a message Slack did not answer: " + describe(e));
    }
  }

  private static void confirm(NotificationGate gate, Claim.Granted claim, Journal journal, Deadline deadline) {
    try {
      gate.confirm(claim, deadline.remaining());
    } catch (RuntimeException e) {
      // Posted all the same; the claim lapses and a later redelivery could post once more.
      journal.warn("could not record a posted notification: " + describe(e));
    }
  }

  /** A gate's failure names its store and error code; anything else only its kind. */
  private static String describe(RuntimeException e) {
    return e instanceof StoreUnavailableException ? e.getMessage() : e.getClass().getSimpleName();
  }

  private Duration since(long startNanos) {
    return Duration.ofNanos(ticker.nanoTime() - startNanos);
  }
}
