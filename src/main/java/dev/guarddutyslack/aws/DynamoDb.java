package dev.guarddutyslack.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.guarddutyslack.json.JsonWriting;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One DynamoDB table, spoken to with conditional writes on one key: the operations the deduplication gate
 * needs, typed. What to write and under which condition is the caller's (DynamoDB's expression language); the
 * request's JSON (attribute values, expression names and values, return values) is this class's.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html">UpdateItem</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html">Condition expressions</a>
 */
public final class DynamoDb {
  private final String table;
  private final String keyAttribute;
  private final AwsJsonClient client;

  /** @param keyAttribute the table's partition key, a string */
  public DynamoDb(String table, String keyAttribute, AwsJsonClient client) {
    this.table = table;
    this.keyAttribute = keyAttribute;
    this.client = client;
  }

  public String table() {
    return table;
  }

  /**
   * A write's expressions and their values: strings or longs by placeholder ({@code :now}), and attribute
   * names by placeholder ({@code #st}) for the words DynamoDB reserves.
   */
  public record Change(String update, String condition, Map<String, Object> values, Map<String, String> names) {
    public Change {
      values = Map.copyOf(values);
      names = Map.copyOf(names);
    }

    /** An update under a condition. */
    public static Change update(String update, String condition) {
      return new Change(update, condition, Map.of(), Map.of());
    }

    /** A delete under a condition (no update expression). */
    public static Change delete(String condition) {
      return new Change(null, condition, Map.of(), Map.of());
    }

    public Change with(String placeholder, Object value) {
      if (!(value instanceof String) && !(value instanceof Long)) {
        throw new IllegalArgumentException(placeholder + " must be a string or a long");
      }
      Map<String, Object> more = new LinkedHashMap<>(values);
      more.put(placeholder, value);
      return new Change(update, condition, more, names);
    }

    public Change naming(String placeholder, String attribute) {
      Map<String, String> more = new LinkedHashMap<>(names);
      more.put(placeholder, attribute);
      return new Change(update, condition, values, more);
    }
  }

  /**
   * UpdateItem on one key.
   *
   * @return the item as it was before (empty when there was none)
   * @throws AwsException with {@link AwsException.Code#CONDITION_FAILED} and the current {@link AwsException#item()}
   *     when the condition did not hold, or for any other failure
   */
  public Item update(String key, Change change, Duration timeLeft) {
    return new Item(client.call("UpdateItem", request(key, change, true), timeLeft).path("Attributes"));
  }

  /** DeleteItem on one key, under the change's condition. */
  public void delete(String key, Change change, Duration timeLeft) {
    client.call("DeleteItem", request(key, change, false), timeLeft);
  }

  private byte[] request(String key, Change change, boolean returnOld) {
    return JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("TableName", table);
      g.writeObjectFieldStart("Key");
      attribute(g, keyAttribute, key);
      g.writeEndObject();
      if (change.update() != null) {
        g.writeStringField("UpdateExpression", change.update());
      }
      if (!change.names().isEmpty()) {
        g.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : change.names().entrySet()) {
          g.writeStringField(name.getKey(), name.getValue());
        }
        g.writeEndObject();
      }
      g.writeStringField("ConditionExpression", change.condition());
      if (!change.values().isEmpty()) {
        g.writeObjectFieldStart("ExpressionAttributeValues");
        for (Map.Entry<String, Object> value : change.values().entrySet()) {
          attribute(g, value.getKey(), value.getValue());
        }
        g.writeEndObject();
      }
      if (returnOld) {
        g.writeStringField("ReturnValues", "ALL_OLD");
      }
      g.writeStringField("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
    });
  }

  /** A DynamoDB attribute value: a string ({@code S}) or a number ({@code N}). */
  private static void attribute(JsonGenerator g, String name, Object value) throws IOException {
    g.writeObjectFieldStart(name);
    if (value instanceof String text) {
      g.writeStringField("S", text);
    } else {
      g.writeStringField("N", String.valueOf(value));
    }
    g.writeEndObject();
  }
}
