package dev.guarddutyslack.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The placeholders of one request's expressions: every attribute by a name placeholder ({@code #a0}, so that no
 * reserved word and no character in an attribute's name matters), every value by a value placeholder
 * ({@code :v0}).
 */
final class Placeholders {
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();

  /** The placeholder of an attribute's name; the same attribute has the same one. */
  String name(String attribute) {
    for (Map.Entry<String, String> name : names.entrySet()) {
      if (name.getValue().equals(attribute)) {
        return name.getKey();
      }
    }
    String placeholder = "#a" + names.size();
    names.put(placeholder, attribute);
    return placeholder;
  }

  /**
   * The placeholder of a value.
   *
   * @param value a string, a long, a map of strings (written as a DynamoDB map) or a set of strings (a string set)
   */
  String value(Object value) {
    if (!(value instanceof String) && !(value instanceof Long) && !(value instanceof Map)
        && !(value instanceof java.util.Set)) {
      throw new IllegalArgumentException("a value must be a string, a long, a map or a set of strings");
    }
    String placeholder = ":v" + values.size();
    values.put(placeholder, value);
    return placeholder;
  }

  Map<String, String> names() {
    return names;
  }

  Map<String, Object> values() {
    return values;
  }
}
