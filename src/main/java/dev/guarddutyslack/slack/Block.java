package dev.guarddutyslack.slack;

import java.util.List;

/**
 * The Block Kit blocks this project sends. Factories enforce the text limits, so no block can be built that
 * Slack would reject.
 *
 * @see <a href="https://api.slack.com/reference/block-kit/blocks">Block Kit blocks</a>
 */
public sealed interface Block {

  String type();

  static Header header(String plainText) {
    return new Header("header", Text.plain(SafeText.plain(plainText, Limits.HEADER_TEXT)));
  }

  /** A section of already safe mrkdwn; longer text is cut at the limit. */
  static Section section(String safeMrkdwn) {
    return new Section("section", Text.mrkdwn(cut(safeMrkdwn, Limits.SECTION_TEXT)), null);
  }

  /** A section of fields (already safe mrkdwn): at most ten, each within its limit. */
  static Section fields(List<String> safeMrkdwnFields) {
    List<Text> fields = safeMrkdwnFields.stream()
        .limit(Limits.MAX_FIELDS)
        .map(f -> Text.mrkdwn(cut(f, Limits.FIELD_TEXT)))
        .toList();
    return new Section("section", null, fields);
  }

  static Context context(List<String> safeMrkdwnElements) {
    return new Context("context", safeMrkdwnElements.stream()
        .limit(Limits.CONTEXT_ELEMENTS)
        .map(e -> Text.mrkdwn(cut(e, Limits.CONTEXT_TEXT)))
        .toList());
  }

  static Actions linkButton(String label, String url) {
    return new Actions("actions", List.of(
        new Button("button", Text.plain(SafeText.plain(label, Limits.BUTTON_TEXT)), url, "open_console")));
  }

  /**
   * A last guard for text that was escaped piece by piece: cuts at a line break or space before the limit,
   * so an entity such as {@code &amp;} is never split.
   */
  private static String cut(String safe, int max) {
    if (safe.length() <= max) {
      return safe;
    }
    int end = max - SafeText.ELLIPSIS.length();
    int amp = safe.lastIndexOf('&', end);
    if (amp >= 0 && safe.indexOf(';', amp) >= end) {
      end = amp;
    }
    if (end > 0 && Character.isHighSurrogate(safe.charAt(end - 1))) {
      end--;
    }
    return safe.substring(0, end) + SafeText.ELLIPSIS;
  }

  record Header(String type, Text text) implements Block {}

  record Section(String type, Text text, List<Text> fields) implements Block {}

  record Context(String type, List<Text> elements) implements Block {}

  record Actions(String type, List<Button> elements) implements Block {}

  record Button(String type, Text text, String url, String actionId) {}

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
