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

  /**
   * @param text the notification line, which Slack parses as mrkdwn (it is also the attachment's fallback);
   *     cut at {@link Limits#SUMMARY_TEXT}
   * @param colour the attachment's colour, the project's own ({@code #B30000})
   */
  public static SlackMessage of(Mrkdwn text, String colour, List<Block> blocks) {
    if (blocks.size() > Limits.MAX_BLOCKS) {
      throw new IllegalArgumentException("a message holds at most " + Limits.MAX_BLOCKS + " blocks");
    }
    String line = text.within(Limits.SUMMARY_TEXT);
    return new SlackMessage(line, List.of(new Attachment(colour, line, List.copyOf(blocks))), false, false);
  }

  public record Attachment(String color, String fallback, List<Block> blocks) {}
}
