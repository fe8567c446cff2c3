package dev.guarddutyslack.slack;

import java.util.List;

/**
 * The Block Kit blocks this project sends. Factories take only {@link Mrkdwn} and {@link Plain}, never a
 * {@link String}, so that text from a finding reaches a block only escaped; and they enforce the text limits,
 * so that no block can be built that Slack would reject.
 *
 * @see <a href="https://api.slack.com/reference/block-kit/blocks">Block Kit blocks</a>
 */
public sealed interface Block {

  String type();

  static Header header(Plain text) {
    return new Header("header", Text.plain(SafeText.truncate(text.toString(), Limits.HEADER_TEXT)));
  }

  /** A section of mrkdwn; longer text is cut at the limit. */
  static Section section(Mrkdwn text) {
    return new Section("section", Text.mrkdwn(text.within(Limits.SECTION_TEXT)), null, null);
  }

  /**
   * A section of mrkdwn with a link button beside it (a line of a list, each item with its own link).
   *
   * @see <a href="https://api.slack.com/reference/block-kit/blocks#section">Section block</a>
   */
  static Section section(Mrkdwn text, Button link) {
    if (link.url() == null || link.value() != null) {
      throw new IllegalArgumentException("a section's button is a link");
    }
    return new Section("section", Text.mrkdwn(text.within(Limits.SECTION_TEXT)), null, link);
  }

  /** A section of fields: at most ten, each within its limit. */
  static Section fields(List<Mrkdwn> fields) {
    return new Section("section", null, fields.stream()
        .limit(Limits.MAX_FIELDS)
        .map(f -> Text.mrkdwn(f.within(Limits.FIELD_TEXT)))
        .toList(), null);
  }

  static Context context(List<Mrkdwn> elements) {
    return new Context("context", elements.stream()
        .limit(Limits.CONTEXT_ELEMENTS)
        .map(e -> Text.mrkdwn(e.within(Limits.CONTEXT_TEXT)))
        .toList());
  }

  /** A link button for {@link #actions}; {@code actionId} must be unique in the message. */
  static Button button(Plain label, String url, String actionId) {
    return new Button("button", Text.plain(SafeText.truncate(label.toString(), Limits.BUTTON_TEXT)), url, actionId,
        null, null, null);
  }

  /**
   * A button whose click Slack sends to the app's Request URL with {@code value}, which the caller has built
   * from checked parts; a {@code confirm} dialog for what cannot be taken back.
   */
  static Button actionButton(Plain label, String actionId, String value, boolean danger, Confirm confirm) {
    if (value.length() > Limits.BUTTON_VALUE) {
      throw new IllegalArgumentException("a button's value holds at most " + Limits.BUTTON_VALUE + " characters");
    }
    return new Button("button", Text.plain(SafeText.truncate(label.toString(), Limits.BUTTON_TEXT)), null, actionId,
        value, danger ? "danger" : null, confirm);
  }

  /** A confirmation dialog: the project's own words. */
  static Confirm confirm(Plain title, Plain text, Plain confirm, Plain deny) {
    return new Confirm(Text.plain(SafeText.truncate(title.toString(), Limits.CONFIRM_TITLE)),
        Text.plain(SafeText.truncate(text.toString(), Limits.CONFIRM_TEXT)),
        Text.plain(SafeText.truncate(confirm.toString(), Limits.CONFIRM_BUTTON)),
        Text.plain(SafeText.truncate(deny.toString(), Limits.CONFIRM_BUTTON)));
  }

  /** A row of buttons, at most {@link Limits#MAX_BUTTONS}. */
  static Actions actions(List<Button> buttons) {
    if (buttons.isEmpty() || buttons.size() > Limits.MAX_BUTTONS) {
      throw new IllegalArgumentException("an actions block holds 1 to " + Limits.MAX_BUTTONS + " buttons");
    }
    return new Actions("actions", List.copyOf(buttons));
  }

  record Header(String type, Text text) implements Block {}

  /** A section: text or fields, and at most one element beside them ({@code accessory}). */
  record Section(String type, Text text, List<Text> fields, Button accessory) implements Block {}

  record Context(String type, List<Text> elements) implements Block {}

  record Actions(String type, List<Button> elements) implements Block {}

  /** A button: a link ({@code url}) or an action sent to the app ({@code value}, a {@code style}, a dialog). */
  record Button(String type, Text text, String url, String actionId, String value, String style, Confirm confirm) {}

  /** The dialog before an action button's click is sent. */
  record Confirm(Text title, Text text, Text confirm, Text deny) {}

  /**
   * A text object. {@code plain_text} is never parsed for mentions or links, and is sent with
   * {@code emoji: false} so that no {@code :shortcode:} in it renders; mrkdwn is sent {@code verbatim}, so
   * that Slack does not turn URLs or channel names into links (this project's own mrkdwn holds no links, and
   * a finding's text must never make one).
   *
   * @see <a href="https://api.slack.com/reference/block-kit/composition-objects#text">Text object</a>
   */
  record Text(String type, String text, Boolean verbatim, Boolean emoji) {
    static Text plain(String text) {
      return new Text("plain_text", text.isEmpty() ? " " : text, null, Boolean.FALSE);
    }

    static Text mrkdwn(String text) {
      return new Text("mrkdwn", text.isEmpty() ? " " : text, Boolean.TRUE, null);
    }
  }
}
