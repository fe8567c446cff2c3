package dev.guarddutyslack.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON into Jackson's tree model with the streaming parser alone. An {@code ObjectMapper} would do
 * the same, but building one costs more at a cold start than everything else this function does before
 * its first post (measured in docs/performance.md); the tree itself is all the project needs.
 * Jackson's stream limits (nesting depth, number and string lengths) apply.
 */
public final class JsonTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTree() {}

  /**
   * @return the value, or a missing node for empty input
   * @throws com.fasterxml.jackson.core.JsonProcessingException when the input is not JSON
   */
  public static JsonNode read(JsonFactory json, InputStream input) throws IOException {
    try (JsonParser parser = json.createParser(input)) {
      return readDocument(parser);
    }
  }

  public static JsonNode read(JsonFactory json, byte[] input) throws IOException {
    try (JsonParser parser = json.createParser(input)) {
      return readDocument(parser);
    }
  }

  public static JsonNode read(JsonFactory json, String input) throws IOException {
    try (JsonParser parser = json.createParser(input)) {
      return readDocument(parser);
    }
  }

  private static JsonNode readDocument(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return MissingNode.getInstance();
    }
    JsonNode value = value(parser, first);
    if (parser.nextToken() != null) {
      throw new com.fasterxml.jackson.core.JsonParseException(parser, "more than one JSON value");
    }
    return value;
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.set(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected " + token);
    }
  }

  /** Writes a tree with the streaming generator (which has no codec to write one itself). */
  public static void write(com.fasterxml.jackson.core.JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      g.writeStartObject();
      for (var field : node.properties()) {
        g.writeFieldName(field.getKey());
        write(g, field.getValue());
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) {
        write(g, element);
      }
      g.writeEndArray();
    } else if (node.isTextual()) {
      g.writeString(node.textValue());
    } else if (node.isBoolean()) {
      g.writeBoolean(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      g.writeNumber(node.bigIntegerValue());
    } else if (node.isNumber()) {
      g.writeNumber(node.doubleValue());
    } else {
      g.writeNull();
    }
  }
}
