package dev.guarddutyslack.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.dedup.NotificationGate.Claim;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.delivery.SlackClient;
import dev.guarddutyslack.format.ConsoleChanges;
import dev.guarddutyslack.format.Metadata;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.outcome.PostedMessage;
import dev.guarddutyslack.outcome.PreviousNotification;
import dev.guarddutyslack.slack.Envelope;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.slack.Mrkdwn;
import dev.guarddutyslack.slack.SlackMessage;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job's delivery, in order: claim the finding (deduplication), admit it past the storm guard (or hold it for
 * the digest), format it, post it, settle. What it took, the claim and the window's count, is given back by one
 * place ({@link #giveBack}) on every way out but those that keep it: a post Slack accepted, a finding held for its
 * digest, a copy Slack took without answering (counted, so that a retry knows), and a claim past its copies.
 */
final class Attempt {
  /**
   * How many copies of one update may go out without an answer from Slack, across all retries: after a
   * timeout Slack has often posted the message, so a third would most likely be a third copy in the channel.
   */
  static final int MAX_UNANSWERED_COPIES = 2;
  private static final JsonFactory JSON = new JsonFactory();

  private final Job job;
  private final Edges edges;
  private final Deadline deadline;
  private final MessageWriter writer;
  private final Ticker ticker;
  private final long start;
  private Claim.Granted claim;
  private StormGuard.Admission.Single admission;
  private boolean kept;
  /** Whether what was not kept was given back already: once only, however the attempt ends. */
  private boolean givenBack;
  /** The message being posted, remembered once Slack takes it (app mode). */
  private SlackMessage posting;
  /** Whether the finding's earlier message could not be edited (deleted, too old): a fresh one was posted. */
  private boolean gone;

  Attempt(Job job, Edges edges, Deadline deadline, MessageWriter writer, Ticker ticker) {
    this.job = job;
    this.edges = edges;
    this.deadline = deadline;
    this.writer = writer;
    this.ticker = ticker;
    this.start = ticker.nanoTime();
  }

  /**
   * The first part: claim the finding and admit it past the storm guard (or hold it, or hand it on to its turn).
   *
   * @return the outcome when the finding goes no further, with what was taken given back; empty when it is to be
   *     posted ({@link #post}, or {@link #abandon} if it never is)
   */
  Optional<Outcome> prepare() throws InterruptedException {
    boolean ended = true;
    try {
      Optional<Outcome> early = claim();
      if (early.isEmpty()) {
        early = admit();
      }
      ended = early.isPresent();
      return early;
    } catch (RuntimeException e) {
      return Optional.of(Outcome.failed(job.input(), job.finding(), "could not deliver: "
          + e.getClass().getSimpleName()));
    } finally {
      if (ended && !kept) {
        giveBack();
      }
    }
  }

  /** The second part, once {@link #prepare} let the finding through: format, post, settle. */
  Outcome post() throws InterruptedException {
    try {
      return formatAndPost();
    } catch (RuntimeException e) {
      return Outcome.failed(job.input(), job.finding(), "could not deliver: " + e.getClass().getSimpleName());
    } finally {
      if (!kept) {
        giveBack();
      }
    }
  }

  /** A finding {@link #prepare} let through that will not be posted now: what was taken is given back. */
  void abandon() {
    if (!kept) {
      giveBack();
    }
  }

  /** @return an outcome when the finding goes no further (a duplicate, one being posted, the store down) */
  private Optional<Outcome> claim() throws InterruptedException {
    Claim taken;
    try {
      taken = edges.gate().claim(job.finding(), job.band(), job.target().record(), deadline.remaining());
    } catch (StoreUnavailableException e) {
      problem(e);
      return Optional.of(Outcome.failed(job.input(), job.finding(), "deduplication store unavailable: "
          + e.getMessage()));
    }
    if (taken instanceof Claim.Refused refused) {
      return Optional.of(Outcome.suppressed(job.input(), job.finding(), refused.reason(), since()));
    }
    if (taken instanceof Claim.Busy busy) {
      return Optional.of(Outcome.deferred(job.input(), job.finding(), busy.reason(), since()));
    }
    if (taken instanceof Claim.Edit edit) {
      return Optional.of(editInPlace(edit));
    }
    claim = (Claim.Granted) taken;
    if (claim.unanswered() >= MAX_UNANSWERED_COPIES) {
      confirm();
      return Optional.of(Outcome.suppressed(job.input(), job.finding(), "sent " + claim.unanswered() + " times"
          + " already and Slack answered none; it may have posted them, so no further copy is sent", since()));
    }
    return Optional.empty();
  }

  /** @return an outcome when the finding is held back for its window's digest, or the guard is down */
  private Optional<Outcome> admit() {
    StormGuard storm = edges.storm();
    if (job.input().event() instanceof ParsedEvent.SingleDue single) {
      // Its turn: counted in its window when it first came, and not again; taken back if this post fails.
      admission = new StormGuard.Admission.Single(Optional.of(new Window(single.destination(),
          single.windowStart(), single.window())));
      return Optional.empty();
    }
    try {
      StormGuard.Admission admitted = storm.admit(job.target().destination(), job.band(), deadline.remaining());
      if (admitted instanceof StormGuard.Admission.Hold hold) {
        storm.hold(hold.window(), job.finding(), job.target().address() instanceof Channel, deadline.remaining());
        confirm();
        return Optional.of(Outcome.digested(job.input(), job.finding(), "held back for the digest of "
            + hold.window().destination() + ", window " + hold.window().start() + " (" + hold.window().minutes()
            + " min)", since()));
      }
      admission = (StormGuard.Admission.Single) admitted;
      Optional<Instant> later = job.input().event() instanceof ParsedEvent.FindingEvent
          ? storm.laterTurn(admission, job.band()) : Optional.empty();
      return later.isPresent() ? handOn(later.get()) : Optional.empty();
    } catch (StoreUnavailableException e) {
      problem(e);
      return Optional.of(Outcome.failed(job.input(), job.finding(), "storm guard unavailable: " + e.getMessage()));
    }
  }

  /**
   * A single message whose turn at Slack's pace is far off: handed on to the function's own queue, to be posted at
   * its turn ({@link StormGuard#handOn}), so that this copy goes on with the findings behind it. It stays counted;
   * the claim is given back, for the copy that posts it. If it cannot be handed on, it is posted here, and waits.
   */
  private Optional<Outcome> handOn(Instant turn) {
    try {
      edges.storm().handOn(admission, job.finding(), turn, deadline.remaining());
    } catch (RuntimeException e) {
      edges.journal().warn("storm guard: a single message could not be handed on to its turn, so it waits for it"
          + " here (" + describe(e) + ")");
      return Optional.empty();
    }
    Window window = admission.counted().orElseThrow();
    admission = null;
    return Optional.of(Outcome.scheduled(job.input(), job.finding(), "let through singly to " + window.destination()
        + ", whose channel is busy: handed on to be posted at its turn, " + turn, since()));
  }

  private Outcome formatAndPost() throws InterruptedException {
    Optional<PreviousNotification> previous = claim.previous();
    if (job.target().address() instanceof Channel channel && previous.isPresent()) {
      Optional<PostedMessage> living = previous.get().message().filter(m -> m.channel().equals(channel.id()));
      if (living.isPresent()) {
        Optional<Outcome> updated = bringUpToDate(channel, previous.get(), living.get());
        if (updated.isPresent()) {
          return updated.get();
        }
        // The message is gone (deleted, or too old to edit): a fresh one takes its place.
        gone = true;
      }
    }
    byte[] body;
    try {
      SlackMessage message = edges.formatter().format(job.finding(), claim.previous(), job.target().mentions());
      posting = message;
      body = job.target().address() instanceof Channel channel
          ? writer.write(message, channel.id(), Metadata.of(job.finding())) : writer.write(message);
    } catch (RuntimeException e) {
      return Outcome.failed(job.input(), job.finding(), "could not format: " + e.getClass().getSimpleName());
    }
    DeliveryOutcome delivery;
    try {
      delivery = edges.poster().post(job.target().address(), body, deadline);
    } catch (RuntimeException e) {
      return Outcome.failed(job.input(), job.finding(), "the post failed: " + e.getClass().getSimpleName());
    }
    Duration elapsed = since();
    return Outcome.afterPost(job.input(), job.finding(), settle(delivery), delivery, elapsed);
  }

  /**
   * App mode's re-notification: the finding's message in the channel is edited to show the finding as it is now
   * ({@code chat.update}), and a reply in its thread says what changed, shown in the channel too when the band rose
   * (with the mentions the rules ask for). A failed edit or reply fails the finding for a retry, which edits again
   * (the same edit) and replies.
   *
   * @return the outcome; empty when the message is gone and a fresh one must be posted
   */
  private Optional<Outcome> bringUpToDate(Channel channel, PreviousNotification previous, PostedMessage living)
      throws InterruptedException {
    boolean rose = job.band().ordinal() > previous.band().ordinal();
    byte[] edit;
    byte[] reply;
    SlackMessage now;
    try {
      now = edges.formatter().format(job.finding(), Optional.empty(), job.target().mentions());
      edit = writer.write(now, Envelope.update(channel.id(), living.ts(), Metadata.of(job.finding())));
      reply = writer.write(edges.formatter().reply(job.finding(), previous, rose ? job.target().mentions() : List.of()),
          Envelope.reply(channel.id(), living.ts(), rose));
    } catch (RuntimeException e) {
      return Optional.of(Outcome.failed(job.input(), job.finding(), "could not format: " + e.getClass().getSimpleName()));
    }
    DeliveryOutcome edited;
    DeliveryOutcome replied;
    try {
      edited = edges.poster().call(channel, "chat.update", edit, deadline);
      if (edited.messageGone()) {
        return Optional.empty();
      }
      if (!edited.delivered()) {
        return Optional.of(Outcome.afterPost(job.input(), job.finding(), settle(edited), edited, since()));
      }
      replied = edges.poster().post(channel, reply, deadline);
    } catch (RuntimeException e) {
      return Optional.of(Outcome.failed(job.input(), job.finding(), "the update failed: "
          + e.getClass().getSimpleName()));
    }
    if (!replied.delivered()) {
      return Optional.of(Outcome.afterPost(job.input(), job.finding(), settle(replied), replied, since()));
    }
    confirm(Optional.of(living));
    remember(living, now);
    return Optional.of(Outcome.afterPost(job.input(), job.finding(), (rose ? "re-notification: band rose from "
        + previous.band().name() + "; the message was edited and the change replied in its thread, also to the channel"
        : "re-notification: still active; the message was edited and the change replied in its thread"),
        replied, since()));
  }

  /**
   * App mode, an update not due for a new message: the finding's message is edited to show it, and nothing is added
   * to the channel. The edit is given back when it fails, so that the retry edits; a message that is gone is left
   * gone (the next re-notification posts a fresh one).
   */
  private Outcome editInPlace(Claim.Edit edit) throws InterruptedException {
    PostedMessage living = edit.previous().message().orElseThrow();
    if (!(job.target().address() instanceof Channel channel) || !channel.id().equals(living.channel())) {
      return Outcome.suppressed(job.input(), job.finding(), "updated within the re-notification window; its message"
          + " is no longer where this destination posts, so it is not edited", since());
    }
    DeliveryOutcome edited;
    SlackMessage now;
    try {
      now = edges.formatter().format(job.finding(), Optional.empty(), job.target().mentions());
      edited = edges.poster().call(channel, "chat.update", writer.write(now, Envelope.update(channel.id(),
          living.ts(), Metadata.of(job.finding()))), deadline);
    } catch (RuntimeException e) {
      releaseEdit(edit);
      return Outcome.failed(job.input(), job.finding(), "the edit failed: " + e.getClass().getSimpleName());
    }
    if (edited.delivered()) {
      remember(living, now);
      return Outcome.updated(job.input(), job.finding(), "updated within the re-notification window: its message was"
          + " edited in place, with no new line in the channel", edited, since());
    }
    if (edited.messageGone()) {
      return Outcome.suppressed(job.input(), job.finding(), "updated within the re-notification window; its message"
          + " is gone from the channel (" + edited.slackError() + "), and the next re-notification posts a fresh one",
          since());
    }
    releaseEdit(edit);
    String why = SlackClient.whatToFix(edited.slackError()).map(fix -> {
      edges.journal().problem("Slack refused to edit a message in " + channel + " (" + edited.slackError() + "): "
          + fix);
      return "the Slack app cannot edit its message in " + channel + " (" + edited.slackError() + "); retried";
    }).orElse("the edit of its message failed; retried");
    return Outcome.afterPost(job.input(), job.finding(), why, edited, since());
  }

  private void releaseEdit(Claim.Edit edit) {
    try {
      edges.gate().releaseEdit(edit, deadline.remaining());
    } catch (RuntimeException e) {
      edges.journal().warn("could not give back an edit that failed (the next update edits the message): "
          + describe(e));
    }
  }

  /** What Slack's answer means for the claim and the count, and why, for the log. */
  private String settle(DeliveryOutcome delivery) {
    return switch (delivery.result()) {
      case ACCEPTED -> {
        Optional<PostedMessage> posted = job.target().address() instanceof Channel channel && delivery.ts() != null
            ? Optional.of(new PostedMessage(channel.id(), delivery.ts())) : Optional.empty();
        confirm(posted);
        posted.ifPresent(m -> remember(m, posting));
        Optional<PostedMessage> left = claim.previous().flatMap(PreviousNotification::message)
            .filter(old -> !gone && posted.map(m -> !m.channel().equals(old.channel())).orElse(true));
        String why = renotification();
        yield left.isPresent() ? why + leaveWord(left.get()) : why;
      }
      case SENT_UNANSWERED -> {
        unanswered();
        // Only a gate that keeps state can count copies; without one, each retry of the record sends one more.
        yield claim.token() == null
            ? "Slack took the message and did not answer; it may be in the channel, and without deduplication"
                + " every retry of the record sends another copy"
            : "Slack took the message and did not answer; it may be in the channel ("
                + (claim.unanswered() + 1) + " of at most " + MAX_UNANSWERED_COPIES + " copies)";
      }
      case RATE_LIMITED -> "Slack asked to wait " + delivery.retryAfter().toSeconds()
          + " s, longer than this invocation has; handed back to the queue";
      case REJECTED -> "slack rejected the message";
      case UNAVAILABLE -> SlackClient.whatToFix(delivery.slackError()).map(fix -> {
        // Only a person can fix it: said loudly, once per finding, and the finding waits in the queue for them.
        edges.journal().problem("Slack refused to post to " + job.target().address() + " (" + delivery.slackError()
            + "): " + fix + "; every finding for it is retried until it is fixed");
        return "the Slack app cannot post to " + job.target().address() + " (" + delivery.slackError()
            + "); retried until it is fixed";
      }).orElse("slack unavailable, will retry");
    };
  }

  /** Why a finding is posted again, for the log; null for a first notification. */
  private String renotification() {
    String fresh = gone ? "; its earlier message is gone from the channel, so this one takes its place" : "";
    return claim.previous().map(p -> (p.band().ordinal() < job.band().ordinal()
        ? "re-notification: band rose from " + p.band().name() : "re-notification: still active") + fresh).orElse(null);
  }

  /**
   * A rise moved the finding to another destination: its old message (the app's, in another channel) gets a line
   * saying where it went, and a reply in its thread says so too. What fails here is logged; the finding is posted.
   *
   * @return what to add to the log's reason
   */
  private String leaveWord(PostedMessage old) {
    try {
      Map<String, Channel> channels = edges.webhooks().webhooks().channels();
      Optional<Map.Entry<String, Channel>> where = channels.entrySet().stream()
          .filter(e -> e.getValue().id().equals(old.channel())).findFirst();
      if (where.isEmpty()) {
        return "; its old message stays as it was (its channel is no longer a destination)";
      }
      Optional<NotificationGate.LivingMessage> living = edges.gate().messages(job.finding().region(),
          job.finding().id(), channels.keySet(), deadline.remaining()).values().stream()
          .filter(m -> m.message().equals(old)).findFirst();
      Mrkdwn line = ConsoleChanges.moved(job.target().destination(), job.band(), job.finding().severity());
      Channel channel = where.get().getValue();
      if (living.isPresent()) {
        Optional<ObjectNode> edited = ConsoleChanges.edited(JsonTree.read(JSON, living.get().body()), line);
        if (edited.isPresent()) {
          String content = edited.get().toString();
          edited.get().put("channel", channel.id()).put("ts", old.ts());
          if (edges.poster().call(channel, "chat.update", edited.get().toString().getBytes(
              java.nio.charset.StandardCharsets.UTF_8), deadline).delivered()) {
            edges.gate().remember(job.finding().region(), job.finding().id(), where.get().getKey(), old, content,
                deadline.remaining());
          }
        }
      }
      edges.poster().post(channel, writer.write(ConsoleChanges.reply(Mrkdwn.ours("GuardDuty finding moved to ")
          .plus(Mrkdwn.code(job.target().destination(), 40)), line), Envelope.reply(channel.id(), old.ts(), false)),
          deadline);
      return "; its old message in " + channel + " says where it went";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (RuntimeException | java.io.IOException e) {
      edges.journal().warn("could not say in a finding's old message where it went: " + e.getClass().getSimpleName());
      return "";
    }
  }

  /**
   * Remembers the message as it now reads in the channel, so that a change made in the console can edit it. A
   * failure costs only that: the message is posted.
   */
  private void remember(PostedMessage message, SlackMessage content) {
    if (content == null || job.finding().id() == null) {
      return;
    }
    try {
      edges.gate().remember(job.finding().region(), job.finding().id(), job.target().destination(), message,
          new String(writer.write(content), java.nio.charset.StandardCharsets.UTF_8), deadline.remaining());
    } catch (RuntimeException e) {
      edges.journal().warn("could not remember the message posted for a finding (a console change will not edit"
          + " it): " + describe(e));
    }
  }

  /** The claim becomes the record of a notification (or of a finding held back); the count stays. */
  private void confirm() {
    confirm(Optional.empty());
  }

  /** As {@link #confirm()}, with the message the app posted (to edit or reply to later). */
  private void confirm(Optional<PostedMessage> message) {
    kept = true;
    try {
      edges.gate().confirm(claim, message, deadline.remaining());
    } catch (RuntimeException e) {
      // Posted all the same; the claim lapses and a later redelivery could post once more.
      edges.journal().warn("could not record a posted notification: " + describe(e));
    }
  }

  /** The claim counts one more copy Slack took without answering; the window's count stays. */
  private void unanswered() {
    kept = true;
    try {
      edges.gate().unanswered(claim, deadline.remaining());
    } catch (RuntimeException e) {
      // The claim lapses by itself; the retry then cannot count this copy, and may send one more.
      edges.journal().warn("could not record a message Slack did not answer: " + describe(e));
    }
  }

  /**
   * Gives back what the attempt took and did not keep: the claim, so that the retry can post; the window's count,
   * so that the window counts what Slack got. Each failure is logged, never thrown.
   */
  private void giveBack() {
    if (givenBack) {
      return;
    }
    givenBack = true;
    if (claim != null) {
      try {
        edges.gate().release(claim, deadline.remaining());
      } catch (RuntimeException e) {
        // The claim then lapses by itself, before SQS shows the record again.
        edges.journal().warn("could not release a notification claim: " + describe(e));
      }
    }
    if (admission != null) {
      try {
        edges.storm().unadmit(admission, deadline.remaining());
      } catch (RuntimeException e) {
        edges.journal().warn("storm guard: a failed post stays counted in its window (" + e.getMessage() + ")");
      }
    }
  }

  private void problem(StoreUnavailableException e) {
    if (e.misconfigured()) {
      edges.journal().problem(e.getMessage() + "; every finding is retried until it is fixed");
    }
  }

  /** A gate's failure names its store and error code; anything else only its kind. */
  private static String describe(RuntimeException e) {
    return e instanceof StoreUnavailableException ? e.getMessage() : e.getClass().getSimpleName();
  }

  private Duration since() {
    return Duration.ofNanos(ticker.nanoTime() - start);
  }
}
