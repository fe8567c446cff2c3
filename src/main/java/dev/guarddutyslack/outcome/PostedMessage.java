package dev.guarddutyslack.outcome;

import java.util.regex.Pattern;

/**
 * A message the app posted through the Web API, as Slack names it: its channel and {@code ts}. Kept with the
 * finding's record (per destination), it is what a later update of the finding edits or replies to.
 *
 * @see <a href="https://api.slack.com/messaging/retrieving#individual_messages">Message timestamps</a>
 */
public record PostedMessage(String channel, String ts) {
  private static final Pattern CHANNEL = Pattern.compile("[CGD][A-Z0-9]{8,20}");
  private static final Pattern TS = Pattern.compile("\\d{1,12}\\.\\d{1,8}");

  public PostedMessage {
    if (!CHANNEL.matcher(channel).matches() || !TS.matcher(ts).matches()) {
      throw new IllegalArgumentException("not a channel id and message ts");
    }
  }

  /** The message, when both parts have their shapes (as read back from the state table); else empty. */
  public static java.util.Optional<PostedMessage> of(String channel, String ts) {
    return channel != null && ts != null && CHANNEL.matcher(channel).matches() && TS.matcher(ts).matches()
        ? java.util.Optional.of(new PostedMessage(channel, ts)) : java.util.Optional.empty();
  }
}
