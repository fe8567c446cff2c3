package dev.guarddutyslack.aws;

import java.util.function.Function;

/**
 * A condition on one DynamoDB item, built by name: whether an attribute exists, how it compares with a value, and
 * these combined. The expression language and its placeholders are this package's alone.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html">Condition expressions</a>
 */
public final class Condition {
  private final Function<Placeholders, String> text;

  private Condition(Function<Placeholders, String> text) {
    this.text = text;
  }

  /** The item has no such attribute (or there is no item). */
  public static Condition absent(String attribute) {
    return new Condition(p -> "attribute_not_exists(" + p.name(attribute) + ")");
  }

  /** The item has the attribute. */
  public static Condition present(String attribute) {
    return new Condition(p -> "attribute_exists(" + p.name(attribute) + ")");
  }

  public static Condition equal(String attribute, Object value) {
    return compare(attribute, "=", value);
  }

  public static Condition less(String attribute, Object value) {
    return compare(attribute, "<", value);
  }

  public static Condition lessOrEqual(String attribute, Object value) {
    return compare(attribute, "<=", value);
  }

  private static Condition compare(String attribute, String operator, Object value) {
    return new Condition(p -> p.name(attribute) + " " + operator + " " + p.value(value));
  }

  public Condition and(Condition other) {
    return new Condition(p -> "(" + text.apply(p) + ") AND (" + other.text.apply(p) + ")");
  }

  public Condition or(Condition other) {
    return new Condition(p -> "(" + text.apply(p) + ") OR (" + other.text.apply(p) + ")");
  }

  String render(Placeholders placeholders) {
    return text.apply(placeholders);
  }
}
