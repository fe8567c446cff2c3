package dev.guarddutyslack.slack;

import java.util.List;

/**
 * The payload posted to an incoming webhook: a one-line {@code text} for notifications and screen readers,
 * and one attachment in the band's colour holding the blocks. Link previews are off so that a domain named
 * in a finding is never fetched by Slack.
 *
 * @see <a href="https://api.slack.com/messaging/webhooks">Incoming webhooks</a>
 * @see <a href="https://api.slack.com/reference/messaging/attachments">Secondary attachments</a>
 */
public record SlackMessage(String text, List<Attachment> attachments, boolean unfurlLinks, boolean unfurlMedia) {

  public static SlackMessage of(String safeText, String colour, String fallback, List<Block> blocks) {
    if (blocks.size() > Limits.MAX_BLOCKS) {
      throw new IllegalArgumentException("a message holds at most " + Limits.MAX_BLOCKS + " blocks");
    }
    return new SlackMessage(safeText, List.of(new Attachment(colour, fallback, List.copyOf(blocks))), false, false);
  }

  public record Attachment(String color, String fallback, List<Block> blocks) {}
}
