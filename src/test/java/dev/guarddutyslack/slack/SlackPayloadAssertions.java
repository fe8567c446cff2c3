package dev.guarddutyslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final Pattern DOMAIN = Pattern.compile(
      "(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern QUOTE_LINE = Pattern.compile("(?m)^\\s*(&gt;|>)");
  private static final Pattern INVISIBLE = Pattern.compile(
      "[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");

  private SlackPayloadAssertions() {}

  public static void assertValidAndSafe(JsonNode message) {
    assertThat(message.path("text").asText()).as("top-level text").isNotBlank();
    assertSafeMrkdwn("top-level text", message.path("text").asText());
    assertThat(message.path("unfurl_links").asBoolean(true)).as("link previews off").isFalse();
    JsonNode attachments = message.path("attachments");
    assertThat(attachments.size()).isEqualTo(1);
    JsonNode blocks = attachments.get(0).path("blocks");
    assertThat(blocks.isArray()).isTrue();
    assertThat(blocks.size()).as("blocks").isBetween(1, Limits.MAX_BLOCKS);
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
        }
        case "context" -> {
          assertThat(block.get("elements").size()).isBetween(1, Limits.CONTEXT_ELEMENTS);
          block.get("elements").forEach(e -> assertMrkdwn("context", e, Limits.CONTEXT_TEXT));
        }
        case "actions" -> block.get("elements").forEach(button -> {
          assertPlain("button", button.path("text").path("text").asText(), Limits.BUTTON_TEXT);
          String url = button.path("url").asText();
          assertThat(url).hasSizeLessThanOrEqualTo(Limits.BUTTON_URL)
              .matches("https://[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(amazon\\.com|amazonaws\\.cn|amazonaws-us-gov\\.com)/guardduty/.*");
        });
        case "divider" -> { }
        default -> throw new AssertionError("unexpected block type " + type);
      }
    }
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
    assertSafeMrkdwn(where, value);
  }

  private static void assertPlain(String where, String value, int max) {
    assertThat(value).as(where).isNotEmpty().hasSizeLessThanOrEqualTo(max).doesNotContain("<").doesNotContain(">");
    assertThat(BROADCAST.matcher(value).find()).as(where + " has a broadcast: " + value).isFalse();
    assertThat(INVISIBLE.matcher(value).find()).as(where + " has control or bidi characters: " + value).isFalse();
    assertNoLink(where, value, value);
    assertNoLoneSurrogate(where, value);
  }

  private static void assertNoLink(String where, String value, String outsideCode) {
    assertThat(SCHEME.matcher(value).find()).as(where + " has a URL scheme: " + value).isFalse();
    assertThat(WWW.matcher(value).find()).as(where + " has a www. name: " + value).isFalse();
    assertThat(DOMAIN.matcher(outsideCode).find()).as(where + " has a domain name outside code: " + value).isFalse();
  }

  /** The parts of a mrkdwn text that Slack formats: everything outside code spans. */
  public static String outsideCode(String mrkdwn) {
    return CODE_SPAN.matcher(mrkdwn).replaceAll("\u2063");
  }

  private static void assertSafeMrkdwn(String where, String value) {
    assertThat(value).as(where + " must not contain '<' or '>'").doesNotContain("<").doesNotContain(">");
    assertThat(BAD_AMPERSAND.matcher(value).find()).as(where + " has an unescaped &: " + value).isFalse();
    assertThat(BROADCAST.matcher(value).find()).as(where + " has a broadcast: " + value).isFalse();
    assertThat(INVISIBLE.matcher(value.replace("\n", "")).find()).as(where + " has control or bidi characters").isFalse();
    assertThat(QUOTE_LINE.matcher(value).find()).as(where + " has a line that Slack would show as a quote: " + value)
        .isFalse();
    assertNoLink(where, value, outsideCode(value));
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
