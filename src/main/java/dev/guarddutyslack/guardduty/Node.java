package dev.guarddutyslack.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A lenient view of one object in a GuardDuty finding. Real findings vary: fields are missing or
 * {@code null}, blocks are {@code {}}, numbers come as strings and strings as numbers, a list may be a
 * single value. Every accessor answers what is there and {@code null} (or an empty list, or an absent node)
 * for what is not; none throws.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html">Finding</a>
 */
public class Node {
  /** A node with nothing in it. */
  public static final Node ABSENT = new Node(MissingNode.getInstance());

  private final JsonNode json;

  protected Node(JsonNode json) {
    this.json = json == null ? MissingNode.getInstance() : json;
  }

  /** The tree itself, for a subclass that hands it on unchanged. */
  protected JsonNode json() {
    return json;
  }

  public static Node of(JsonNode json) {
    return json != null && json.isObject() ? new Node(json) : ABSENT;
  }

  /** Whether this is an object with something in it. */
  public boolean isPresent() {
    return json.isObject() && !json.isEmpty();
  }

  /** The child object, or {@link #ABSENT}. */
  public Node node(String field) {
    return of(json.get(field));
  }

  /** The child objects of a list (a single object counts as a list of one); others are skipped. */
  public List<Node> nodes(String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return List.of();
    }
    if (value.isObject()) {
      return List.of(new Node(value));
    }
    if (!value.isArray()) {
      return List.of();
    }
    List<Node> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (item.isObject()) {
        out.add(new Node(item));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * A value as text: strings as they are, numbers and booleans in their JSON form, objects and arrays as
   * JSON; {@code null} when absent, JSON {@code null} or blank.
   */
  public String text(String field) {
    return text(json.get(field));
  }

  /** The texts of a list (a single value counts as a list of one); absent and blank items are skipped. */
  public List<String> texts(String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      String one = text(value);
      return one == null ? List.of() : List.of(one);
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      String text = text(item);
      if (text != null) {
        out.add(text);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A whole number given as a number or numeric text; {@code null} otherwise. */
  public Long integer(String field) {
    BigDecimal value = decimal(json.get(field));
    if (value == null) {
      return null;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      return value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? null : value.longValue();
    }
  }

  /** A finite number given as a number or numeric text; {@code null} otherwise. */
  public Double number(String field) {
    BigDecimal value = decimal(json.get(field));
    if (value == null) {
      return null;
    }
    double d = value.doubleValue();
    return Double.isFinite(d) ? d : null;
  }

  /** A boolean given as {@code true}/{@code false} or their text; {@code null} otherwise. */
  public Boolean bool(String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.textValue().trim().toLowerCase(Locale.ROOT);
      return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
    }
    return null;
  }

  /** The object's fields as text, in order (for free-form maps such as {@code affectedResources}). */
  public List<String> entries() {
    List<String> out = new ArrayList<>();
    json.properties().forEach(e -> {
      String value = text(e.getValue());
      out.add(value == null ? e.getKey() : e.getKey() + " " + value);
    });
    return out;
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    String text = value.isValueNode() ? value.asText() : value.toString();
    return text.isBlank() ? null : text;
  }

  private static BigDecimal decimal(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()) ? null : value.decimalValue();
    }
    if (value.isTextual()) {
      String text = value.textValue().trim();
      if (text.isEmpty() || text.length() > 40) {
        return null;
      }
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
