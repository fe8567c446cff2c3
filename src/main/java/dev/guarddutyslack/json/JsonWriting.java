package dev.guarddutyslack.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes one JSON object with Jackson's streaming generator: the scaffold (generator, start and end of the
 * object, closing, the I/O exception an in-memory target never throws) in one place; the caller writes the
 * fields. No {@code ObjectMapper}: building one costs more at a cold start than everything else the function
 * does before its first post.
 */
public final class JsonWriting {
  private JsonWriting() {}

  /** Writes an object's fields. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  /** The object as UTF-8 bytes. */
  public static byte[] bytes(JsonFactory json, Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try {
      to(out, json, fields);
    } catch (IOException e) {
      throw new UncheckedIOException("JSON could not be written", e);
    }
    return out.toByteArray();
  }

  /** The object as text (a log line). */
  public static String text(JsonFactory json, Fields fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("JSON could not be written", e);
    }
    return out.toString();
  }

  /** The object written to a stream (an invocation's answer), which stays open. */
  public static void to(OutputStream out, JsonFactory json, Fields fields) throws IOException {
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    }
  }
}
