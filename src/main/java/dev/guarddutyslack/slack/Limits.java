package dev.guarddutyslack.slack;

/**
 * Block Kit's limits. A message that crosses one is rejected by Slack with {@code invalid_blocks}, so the
 * formatter builds within them instead of checking afterwards.
 *
 * @see <a href="https://api.slack.com/reference/block-kit/blocks">Block Kit blocks</a>
 */
public final class Limits {
  public static final int MAX_BLOCKS = 50;
  public static final int HEADER_TEXT = 150;
  public static final int SECTION_TEXT = 3000;
  public static final int MAX_FIELDS = 10;
  public static final int FIELD_TEXT = 2000;
  public static final int CONTEXT_ELEMENTS = 10;
  public static final int CONTEXT_TEXT = 3000;
  public static final int BUTTON_TEXT = 75;
  /** A button's value, which Slack sends back when it is clicked. */
  public static final int BUTTON_VALUE = 2000;
  /** Our own cap on the buttons of one actions block; Slack's is 25. */
  public static final int MAX_BUTTONS = 10;
  public static final int BUTTON_URL = 3000;
  /** A confirmation dialog's title, text, and each of its two buttons. */
  public static final int CONFIRM_TITLE = 100;
  public static final int CONFIRM_TEXT = 300;
  public static final int CONFIRM_BUTTON = 30;
  /** Our own cap for the notification line; Slack's is 40 000. */
  public static final int SUMMARY_TEXT = 400;

  private Limits() {}
}
