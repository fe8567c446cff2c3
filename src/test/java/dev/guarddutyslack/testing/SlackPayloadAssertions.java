package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.slack.Limits;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.slack.SlackMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a Slack payload the way Slack would: every Block Kit limit, and nothing that Slack would turn into
 * a mention, a broadcast, a link, formatting or a quote.
 *
 * <p>What Slack parses, from its documentation: mrkdwn text objects turn {@code *bold*}, {@code _italic_},
 * {@code ~strike~}, {@code `code`} and a line starting with {@code >} into formatting, and, unless
 * {@code verbatim} is true, URLs and channel names into links; the message's top-level {@code text} has no
 * {@code verbatim} switch; text inside a code span is not formatted.
 *
 * @see <a href="https://api.slack.com/reference/surfaces/formatting">Formatting text for app surfaces</a>
 * @see <a href="https://api.slack.com/reference/block-kit/composition-objects#text">Text object</a>
 */
public final class SlackPayloadAssertions {
  private static final Pattern BAD_AMPERSAND = Pattern.compile("&(?!amp;|lt;|gt;)");
  private static final Pattern BROADCAST = Pattern.compile("(?i)@(channel|here|everyone)");
  /** Something Slack would link: a URL scheme, a www. name, or (outside code spans) a domain name. */
  private static final Pattern SCHEME = Pattern.compile("://");
  private static final Pattern WWW = Pattern.compile("(?i)(?<![A-Za-z0-9.-])www\\.");
  /** A host name in any script, as IDNA reads one: labels of letters, digits and hyphens, the last of letters. */
  private static final Pattern DOMAIN = Pattern.compile(
      "(?<![\\p{L}\\p{N}.-])[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}(?![\\p{L}\\p{N}-])");
  /** What IDNA (UTS #46) maps to nothing: soft hyphen, joiners, variation selectors and the like. */
  private static final Pattern IDNA_IGNORED = Pattern.compile(
      "[\\u00AD\\u034F\\u180B-\\u180F\\u200B-\\u200D\\u2060-\\u2064\\uFE00-\\uFE0F\\uFEFF]|\\uDB40[\\uDD00-\\uDDEF]");
  /** An emoji shortcode Slack would render; the project's own markers are the only ones allowed. */
  private static final Pattern SHORTCODE = Pattern.compile(":[A-Za-z0-9_+'-]*[A-Za-z][A-Za-z0-9_+'-]*:|:100:|:1234:|:\\+1:|:-1:");
  private static final java.util.Set<String> OWN_EMOJI = java.util.Set.of(":test_tube:", ":arrow_double_up:",
      ":repeat:");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern QUOTE_LINE = Pattern.compile("(?m)^\\s*(&gt;|>)");
  /**
   * Literal emoji, which Slack draws as pictures in every text object: the pictographic blocks (symbols,
   * dingbats, arrows drawn as emoji, the supplementary pictographs), regional indicators, keycaps, skin tones
   * and the emoji variation selector. Written here from the Unicode blocks, not from the code under test.
   */
  private static final Pattern LITERAL_EMOJI = Pattern.compile(
      "[\\x{1F000}-\\x{1FAFF}\\x{2600}-\\x{27BF}\\x{2B00}-\\x{2BFF}\\x{231A}-\\x{23FF}\\x{20E3}\\x{FE0F}]");
  private static final Pattern INVISIBLE = Pattern.compile(
      "[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");

  private SlackPayloadAssertions() {}

  public static void assertValidAndSafe(JsonNode message) {
    assertValidAndSafe(message, "");
  }

  /**
   * As {@link #assertValidAndSafe(JsonNode)}, for a message whose notification line opens with the mentions a
   * routing rule asked for ({@code <!here> }), exactly those, and nothing else anywhere.
   */
  public static void assertValidAndSafe(JsonNode message, String mentions) {
    String text = message.path("text").asText();
    assertThat(text).as("top-level text").isNotBlank().startsWith(mentions);
    assertSafeMrkdwn("top-level text", text.substring(mentions.length()));
    assertThat(message.path("unfurl_links").asBoolean(true)).as("link previews off").isFalse();
    JsonNode attachments = message.path("attachments");
    assertThat(attachments.size()).isEqualTo(1);
    JsonNode blocks = attachments.get(0).path("blocks");
    assertThat(blocks.isArray()).isTrue();
    assertThat(blocks.size()).as("blocks").isBetween(1, Limits.MAX_BLOCKS);
    List<String> actionIds = new ArrayList<>();
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      switch (type) {
        case "header" -> {
          assertThat(block.path("text").path("type").asText()).isEqualTo("plain_text");
          assertPlain("header", block.path("text").path("text").asText(), Limits.HEADER_TEXT);
        }
        case "section" -> {
          if (block.has("text")) {
            assertMrkdwn("section", block.get("text"), Limits.SECTION_TEXT);
          }
          if (block.has("fields")) {
            assertThat(block.get("fields").size()).as("fields").isBetween(1, Limits.MAX_FIELDS);
            block.get("fields").forEach(f -> assertMrkdwn("field", f, Limits.FIELD_TEXT));
          }
          assertThat(block.has("text") || block.has("fields")).isTrue();
          if (block.has("accessory")) {
            // Beside a line of a list, a link and only a link (one of an attack sequence's findings).
            JsonNode button = block.get("accessory");
            assertThat(button.path("type").asText()).isEqualTo("button");
            assertThat(button.has("value")).as("a section's button only links").isFalse();
            assertThat(button.path("action_id").asText()).matches("open_constituent_\\d+");
            assertPlain("button", button.path("text").path("text").asText(), Limits.BUTTON_TEXT);
            assertConsoleUrl(button.path("url").asText());
            actionIds.add(button.path("action_id").asText());
          }
        }
        case "context" -> {
          assertThat(block.get("elements").size()).isBetween(1, Limits.CONTEXT_ELEMENTS);
          block.get("elements").forEach(e -> assertMrkdwn("context", e, Limits.CONTEXT_TEXT));
        }
        case "actions" -> block.get("elements").forEach(button -> {
          assertPlain("button", button.path("text").path("text").asText(), Limits.BUTTON_TEXT);
          actionIds.add(button.path("action_id").asText());
          if (button.has("value")) {
            // A triage button (https://api.slack.com/reference/block-kit/block-elements#button): no URL, a
            // value of at most 2,000 characters naming the finding by checked parts and a 128-bit MAC, then its
            // type; our own dialog within its limits.
            assertThat(button.has("url")).isFalse();
            assertThat(button.path("action_id").asText()).isIn("archive", "unarchive", "useful", "not_useful");
            assertThat(button.path("value").asText()).hasSizeLessThanOrEqualTo(Limits.BUTTON_VALUE)
                .matches("\\d{12}:[a-z]{2}(-[a-z]+)+-\\d{1,2}:[0-9a-f]{32}:[0-9a-f]{32}:(LOW|MEDIUM|HIGH|CRITICAL)"
                    + ":[0-9a-f]{32}:[A-Za-z0-9:/!._-]{0,120}");
            assertThat(button.path("style").asText("danger")).isEqualTo("danger");
            if (button.has("confirm")) {
              assertPlain("dialog", button.at("/confirm/title/text").asText(), Limits.CONFIRM_TITLE);
              assertPlain("dialog", button.at("/confirm/text/text").asText(), Limits.CONFIRM_TEXT);
              assertPlain("dialog", button.at("/confirm/confirm/text").asText(), Limits.CONFIRM_BUTTON);
              assertPlain("dialog", button.at("/confirm/deny/text").asText(), Limits.CONFIRM_BUTTON);
            }
            return;
          }
          assertConsoleUrl(button.path("url").asText());
        });
        case "divider" -> { }
        default -> throw new AssertionError("unexpected block type " + type);
      }
    }
    // https://api.slack.com/reference/block-kit/block-elements#button: action_id unique among the message's.
    assertThat(actionIds).as("action ids").doesNotHaveDuplicates();
  }

  /** A link button's URL: a console page this project builds (GuardDuty, or an S3 object), within Slack's limit. */
  private static void assertConsoleUrl(String url) {
    assertThat(url).hasSizeLessThanOrEqualTo(Limits.BUTTON_URL)
        .matches("https://[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(amazon\\.com|amazonaws\\.cn|amazonaws-us-gov\\.com)"
            + "/(guardduty/|s3/object/[a-z0-9.-]+\\?region=[a-z0-9-]+&prefix=[A-Za-z0-9%+._*-]*$).*");
  }

  /** A message as the JSON posted to Slack, written by the production writer. */
  public static JsonNode json(SlackMessage message) {
    try {
      return new ObjectMapper().readTree(new MessageWriter(new JsonFactory()).write(message));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The texts Slack parses as mrkdwn: the top-level text and every mrkdwn text object. */
  public static List<String> parsedTexts(JsonNode message) {
    List<String> out = new ArrayList<>();
    out.add(message.path("text").asText());
    collectMrkdwn(message, out);
    return out;
  }

  private static void collectMrkdwn(JsonNode node, List<String> out) {
    if (node.isObject() && "mrkdwn".equals(node.path("type").asText()) && node.path("text").isTextual()) {
      out.add(node.path("text").asText());
    }
    node.forEach(child -> collectMrkdwn(child, out));
  }

  /** Every text in the payload, for searching. */
  public static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> collect(child, out));
  }

  private static void assertMrkdwn(String where, JsonNode text, int max) {
    assertThat(text.path("type").asText()).as(where).isEqualTo("mrkdwn");
    assertThat(text.path("verbatim").asBoolean(false)).as(where + " is sent verbatim (Slack links nothing)").isTrue();
    String value = text.path("text").asText();
    assertThat(value).as(where).isNotEmpty().hasSizeLessThanOrEqualTo(max);
    // The one mention a block may hold: the line that says who clicked a triage button, the user as Slack named
    // them in a signed click. Only that line's own opening, of exactly this shape, is taken out before the check.
    assertSafeMrkdwn(where, CLICKED_BY.matcher(value).replaceFirst(""));
  }

  private static void assertPlain(String where, String value, int max) {
    assertThat(value).as(where).isNotEmpty().hasSizeLessThanOrEqualTo(max).doesNotContain("<").doesNotContain(">");
    assertThat(BROADCAST.matcher(value).find()).as(where + " has a broadcast: " + value).isFalse();
    assertThat(INVISIBLE.matcher(value).find()).as(where + " has control or bidi characters: " + value).isFalse();
    assertThat(LITERAL_EMOJI.matcher(value).find()).as(where + " has a literal emoji: " + value).isFalse();
    assertNoLink(where, value, value);
    assertNoLoneSurrogate(where, value);
  }

  /**
   * No view of the text in which a browser or Slack would see a link: as it is, compatibility-normalised
   * (NFKC: full-width letters and dots are ASCII ones), and as IDNA reads host names (ideographic full stops
   * are dots, the characters IDNA ignores are gone).
   *
   * @see <a href="https://www.unicode.org/reports/tr46/#Mapping">UTS #46: IDNA mapping</a>
   */
  private static void assertNoLink(String where, String value, String outsideCode) {
    for (String view : views(value)) {
      assertThat(SCHEME.matcher(view).find()).as(where + " has a URL scheme: " + value).isFalse();
      assertThat(WWW.matcher(view).find()).as(where + " has a www. name: " + value).isFalse();
    }
    for (String view : views(outsideCode)) {
      assertThat(DOMAIN.matcher(view).find()).as(where + " has a host name outside code: " + value + " (seen as "
          + view + ")").isFalse();
    }
  }

  /** The text as it is, NFKC-normalised, and as IDNA maps it. */
  public static List<String> views(String text) {
    String nfkc = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
    String idna = IDNA_IGNORED.matcher(nfkc.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.'))
        .replaceAll("");
    return List.of(text, nfkc, idna);
  }

  /** No {@code :shortcode:} but the project's own would render as an emoji. */
  private static void assertNoForeignEmoji(String where, String value) {
    java.util.regex.Matcher m = SHORTCODE.matcher(value);
    while (m.find()) {
      assertThat(OWN_EMOJI).as(where + " renders an emoji from the finding: " + value).contains(m.group());
    }
  }

  /** The parts of a mrkdwn text that Slack formats: everything outside code spans. */
  public static String outsideCode(String mrkdwn) {
    return CODE_SPAN.matcher(mrkdwn).replaceAll("\u2063");
  }

  private static final java.util.regex.Pattern CLICKED_BY = java.util.regex.Pattern.compile(
      "^\\*(Archived|Unarchived|Marked useful|Marked not useful) in Slack\\* by <@[UW][A-Z0-9]{2,20}> at ");

  private static void assertSafeMrkdwn(String where, String value) {
    assertThat(value).as(where + " must not contain '<' or '>'").doesNotContain("<").doesNotContain(">");
    assertThat(BAD_AMPERSAND.matcher(value).find()).as(where + " has an unescaped &: " + value).isFalse();
    assertThat(BROADCAST.matcher(value).find()).as(where + " has a broadcast: " + value).isFalse();
    assertThat(INVISIBLE.matcher(value.replace("\n", "")).find()).as(where + " has control or bidi characters").isFalse();
    assertThat(LITERAL_EMOJI.matcher(value).find()).as(where + " has a literal emoji: " + value).isFalse();
    assertThat(QUOTE_LINE.matcher(value).find()).as(where + " has a line that Slack would show as a quote: " + value)
        .isFalse();
    assertNoLink(where, value, outsideCode(value));
    assertNoForeignEmoji(where, outsideCode(value));
    assertNoLoneSurrogate(where, value);
  }

  private static void assertNoLoneSurrogate(String where, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))).as(where).isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as(where + " lone surrogate").isFalse();
      }
    }
  }
}
