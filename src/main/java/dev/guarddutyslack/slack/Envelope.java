package dev.guarddutyslack.slack;

/**
 * Where a Web API call puts a message: the channel; the {@code ts} of the message to replace
 * ({@code chat.update}); the {@code thread_ts} to reply in, and whether the reply is also shown in the channel
 * ({@code reply_broadcast}); and the message's metadata. A webhook's body has none of these.
 *
 * @see <a href="https://api.slack.com/methods/chat.postMessage">chat.postMessage</a>
 * @see <a href="https://api.slack.com/methods/chat.update">chat.update</a>
 */
public record Envelope(String channel, String ts, String threadTs, boolean broadcast, MessageMetadata metadata) {

  /** A new message in {@code channel}. */
  public static Envelope post(String channel, MessageMetadata metadata) {
    return new Envelope(channel, null, null, false, metadata);
  }

  /** The message {@code ts} of {@code channel}, replaced. */
  public static Envelope update(String channel, String ts, MessageMetadata metadata) {
    return new Envelope(channel, ts, null, false, metadata);
  }

  /** A reply in the thread of message {@code threadTs}, shown in the channel too when {@code broadcast}. */
  public static Envelope reply(String channel, String threadTs, boolean broadcast) {
    return new Envelope(channel, null, threadTs, broadcast, null);
  }
}
