package dev.guarddutyslack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * A DynamoDB item as the callers read it: numbers and strings by attribute name. The attribute-value JSON
 * ({@code {"leaseUntil":{"N":"1764"}}}) stays here.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html">AttributeValue</a>
 */
public final class Item {
  static final Item EMPTY = new Item(MissingNode.getInstance());
  private final JsonNode attributes;

  Item(JsonNode attributes) {
    this.attributes = attributes == null ? MissingNode.getInstance() : attributes;
  }

  public boolean isEmpty() {
    return !attributes.isObject() || attributes.isEmpty();
  }

  /** A number attribute ({@code N}) that fits a long; empty when absent or of another type. */
  public Optional<Long> number(String name) {
    JsonNode n = attributes.path(name).path("N");
    if (!n.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(n.textValue()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A map attribute ({@code M}) of strings, in no particular order; empty when absent. */
  public java.util.Map<String, String> strings(String name) {
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    attributes.path(name).path("M").properties().forEach(e -> {
      if (e.getValue().path("S").isTextual()) {
        values.put(e.getKey(), e.getValue().path("S").textValue());
      }
    });
    return values;
  }

  /** The string attributes ({@code S}) whose names start with {@code prefix}, by name, in no particular order. */
  public java.util.Map<String, String> stringsStartingWith(String prefix) {
    java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    attributes.properties().forEach(e -> {
      if (e.getKey().startsWith(prefix) && e.getValue().path("S").isTextual()) {
        values.put(e.getKey(), e.getValue().path("S").textValue());
      }
    });
    return values;
  }

  /** A string set attribute ({@code SS}); empty when absent. */
  public java.util.Set<String> stringSet(String name) {
    java.util.Set<String> values = new java.util.TreeSet<>();
    attributes.path(name).path("SS").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** A string attribute ({@code S}); empty when absent or of another type. */
  public Optional<String> string(String name) {
    JsonNode s = attributes.path(name).path("S");
    return s.isTextual() ? Optional.of(s.textValue()) : Optional.empty();
  }
}
