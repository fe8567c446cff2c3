package dev.guarddutyslack.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ClickNotice;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.dedup.NotificationGate.LivingMessage;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.format.ConsoleChanges;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.Envelope;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Channel;
import dev.guarddutyslack.webhooks.Webhooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Keeps the app's messages in step with changes made to their findings ({@link ConsoleChange}) in the console, or
 * by a triage click on one copy of a message: for each finding named, in each destination that is a channel and
 * has the finding's message, the message gets a line saying what was done, by whom and when ({@code chat.update};
 * the line of an earlier change is replaced), and a reply in its thread records it. A message deleted meanwhile
 * is passed over. A failed edit or reply fails the event for a retry, which writes the same line again.
 *
 * <p>A click's notice is acted on only when the triage button key made its MAC ({@link ClickNotice}); any other
 * fails, edits nothing, and reaches the dead-letter queue, where an operator sees it.
 */
final class ConsoleSync {
  private static final JsonFactory JSON = new JsonFactory();
  private final MessageWriter writer;
  private final Ticker ticker;

  ConsoleSync(MessageWriter writer, Ticker ticker) {
    this.writer = writer;
    this.ticker = ticker;
  }

  Outcome apply(Input input, ConsoleChange change, Webhooks webhooks, Edges edges, Deadline deadline)
      throws InterruptedException {
    long start = ticker.nanoTime();
    String where = change.madeInSlack() ? " in Slack" : " in the console";
    if (change.madeInSlack()) {
      try {
        ButtonKeys keys = edges.formatter().buttonKeys();
        if (!keys.present() || !(ClickNotice.genuine(change, keys.accepted(false, deadline.remaining()))
            || ClickNotice.genuine(change, keys.accepted(true, deadline.remaining())))) {
          return Outcome.failed(input, null, "forged: a triage notice whose MAC no button key of this stack made;"
              + " no message was edited");
        }
      } catch (StoreUnavailableException e) {
        return Outcome.failed(input, null, "the triage button key cannot be read to check the notice: "
            + e.getMessage());
      }
    }
    if (change.byThisProject()) {
      return Outcome.skipped(input, null, "findings " + change.action() + " by a triage click in Slack: the clicked"
          + " message says so already");
    }
    Map<String, Channel> channels = webhooks.channels();
    if (channels.isEmpty()) {
      return Outcome.skipped(input, null, "findings " + change.action() + where + ": no destination is a"
          + " channel of the Slack app, so there is no message to bring up to date");
    }
    int edited = 0;
    int already = 0;
    int gone = 0;
    DeliveryOutcome last = null;
    for (String findingId : change.findingIds()) {
      Map<String, LivingMessage> messages;
      try {
        messages = edges.gate().messages(change.region(), findingId, channels.keySet(), deadline.remaining());
      } catch (StoreUnavailableException e) {
        return Outcome.failed(input, null, "deduplication store unavailable: " + e.getMessage());
      }
      for (Map.Entry<String, LivingMessage> found : messages.entrySet()) {
        Channel channel = channels.get(found.getKey());
        LivingMessage living = found.getValue();
        if (channel == null || !channel.id().equals(living.message().channel())) {
          continue;
        }
        ObjectNode body;
        try {
          JsonNode remembered = JsonTree.read(JSON, living.body());
          if (ConsoleChanges.shows(remembered, change)) {
            // Brought up to date by an earlier try of this event: neither edited nor replied to again.
            already++;
            continue;
          }
          body = ConsoleChanges.edited(remembered, change).orElse(null);
        } catch (IOException e) {
          body = null;
        }
        if (body == null) {
          continue;
        }
        String content = body.toString();
        body.put("channel", channel.id()).put("ts", living.message().ts());
        DeliveryOutcome update = edges.poster().call(channel, "chat.update",
            body.toString().getBytes(StandardCharsets.UTF_8), deadline);
        if (update.messageGone()) {
          gone++;
          continue;
        }
        if (!update.delivered()) {
          return Outcome.afterPost(input, null, "could not bring the message of finding " + findingId + " in "
              + channel + " up to date; retried", update, since(start));
        }
        DeliveryOutcome reply = edges.poster().post(channel, writer.write(ConsoleChanges.reply(change, findingId),
            Envelope.reply(channel.id(), living.message().ts(), false)), deadline);
        if (!reply.delivered()) {
          return Outcome.afterPost(input, null, "the message of finding " + findingId + " in " + channel
              + " was brought up to date, its thread's reply could not be posted; retried", reply, since(start));
        }
        last = reply;
        edited++;
        try {
          edges.gate().remember(change.region(), findingId, found.getKey(), living.message(), content,
              deadline.remaining());
        } catch (RuntimeException e) {
          edges.journal().warn("could not remember a message brought up to date: " + e.getClass().getSimpleName());
        }
      }
    }
    String what = change.findingIds().size() == 1 ? "finding " + change.findingIds().get(0)
        : change.findingIds().size() + " findings";
    if (edited == 0 && already > 0) {
      return Outcome.skipped(input, null, what + " " + change.action() + where + ": " + already
          + (already == 1 ? " message shows" : " messages show") + " it already (an earlier try of this event)");
    }
    if (edited == 0) {
      return Outcome.skipped(input, null, what + " " + change.action() + where + ": the Slack app has no"
          + " message of " + (change.findingIds().size() == 1 ? "it" : "them")
          + (gone > 0 ? " left in Slack (" + gone + " deleted)" : ""));
    }
    return Outcome.afterPost(input, null, what + " " + change.action() + where + ": " + edited
        + (edited == 1 ? " message" : " messages") + " brought up to date, each with a reply in its thread", last,
        since(start));
  }

  private Duration since(long start) {
    return Duration.ofNanos(ticker.nanoTime() - start);
  }
}
