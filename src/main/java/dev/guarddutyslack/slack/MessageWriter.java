package dev.guarddutyslack.slack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a message as the JSON body posted to a webhook, with Jackson's streaming generator: the one place
 * where the message's wire format is decided (snake_case names, absent values left out).
 *
 * @see <a href="https://api.slack.com/reference/block-kit/blocks">Block Kit blocks</a>
 */
public final class MessageWriter {
  private final JsonFactory json;

  public MessageWriter(JsonFactory json) {
    this.json = json;
  }

  /** The body posted to an incoming webhook. */
  public byte[] write(SlackMessage message) {
    return write(message, (Envelope) null);
  }

  /**
   * The body of {@code chat.postMessage}: the same message, for {@code channel}, with its {@code metadata}.
   *
   * @see <a href="https://api.slack.com/methods/chat.postMessage">chat.postMessage</a>
   */
  public byte[] write(SlackMessage message, String channel, MessageMetadata metadata) {
    return write(message, Envelope.post(channel, metadata));
  }

  /** The body of a Web API call ({@code chat.postMessage}, a thread reply, {@code chat.update}). */
  public byte[] write(SlackMessage message, Envelope envelope) {
    String channel = envelope == null ? null : envelope.channel();
    MessageMetadata metadata = envelope == null ? null : envelope.metadata();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      if (channel != null) {
        g.writeStringField("channel", channel);
      }
      if (envelope != null && envelope.ts() != null) {
        g.writeStringField("ts", envelope.ts());
      }
      if (envelope != null && envelope.threadTs() != null) {
        g.writeStringField("thread_ts", envelope.threadTs());
        g.writeBooleanField("reply_broadcast", envelope.broadcast());
      }
      g.writeStringField("text", message.text());
      g.writeArrayFieldStart("attachments");
      for (SlackMessage.Attachment attachment : message.attachments()) {
        g.writeStartObject();
        g.writeStringField("color", attachment.color());
        g.writeStringField("fallback", attachment.fallback());
        g.writeArrayFieldStart("blocks");
        for (Block block : attachment.blocks()) {
          block(g, block);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("unfurl_links", message.unfurlLinks());
      g.writeBooleanField("unfurl_media", message.unfurlMedia());
      if (metadata != null) {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("event_type", metadata.eventType());
        g.writeObjectFieldStart("event_payload");
        for (java.util.Map.Entry<String, Object> field : metadata.payload().entrySet()) {
          if (field.getValue() instanceof String text) {
            g.writeStringField(field.getKey(), text);
          } else {
            g.writeFieldName(field.getKey());
            g.writeNumber(field.getValue().toString());
          }
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("the message could not be written", e);
    }
    return out.toByteArray();
  }

  /** One block, as the message writes it (for a message put together from parts, as triage replaces one). */
  public static void block(JsonGenerator g, Block block) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", block.type());
    if (block instanceof Block.Header header) {
      text(g, "text", header.text());
    } else if (block instanceof Block.Section section) {
      if (section.text() != null) {
        text(g, "text", section.text());
      }
      if (section.fields() != null) {
        texts(g, "fields", section.fields());
      }
      if (section.accessory() != null) {
        button(g, "accessory", section.accessory());
      }
    } else if (block instanceof Block.Context context) {
      texts(g, "elements", context.elements());
    } else if (block instanceof Block.Actions actions) {
      g.writeArrayFieldStart("elements");
      for (Block.Button button : actions.elements()) {
        button(g, null, button);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** A button, as an element of a list ({@code name} null) or as a named field. */
  private static void button(JsonGenerator g, String name, Block.Button button) throws IOException {
    if (name == null) {
      g.writeStartObject();
    } else {
      g.writeObjectFieldStart(name);
    }
    g.writeStringField("type", button.type());
    text(g, "text", button.text());
    if (button.url() != null) {
      g.writeStringField("url", button.url());
    }
    g.writeStringField("action_id", button.actionId());
    if (button.value() != null) {
      g.writeStringField("value", button.value());
    }
    if (button.style() != null) {
      g.writeStringField("style", button.style());
    }
    if (button.confirm() != null) {
      g.writeObjectFieldStart("confirm");
      text(g, "title", button.confirm().title());
      text(g, "text", button.confirm().text());
      text(g, "confirm", button.confirm().confirm());
      text(g, "deny", button.confirm().deny());
      g.writeStringField("style", "danger");
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void texts(JsonGenerator g, String name, List<Block.Text> texts) throws IOException {
    g.writeArrayFieldStart(name);
    for (Block.Text text : texts) {
      text(g, null, text);
    }
    g.writeEndArray();
  }

  private static void text(JsonGenerator g, String name, Block.Text text) throws IOException {
    if (name != null) {
      g.writeFieldName(name);
    }
    g.writeStartObject();
    g.writeStringField("type", text.type());
    g.writeStringField("text", text.text());
    if (text.verbatim() != null) {
      g.writeBooleanField("verbatim", text.verbatim());
    }
    if (text.emoji() != null) {
      g.writeBooleanField("emoji", text.emoji());
    }
    g.writeEndObject();
  }
}
