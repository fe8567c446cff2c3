package dev.guarddutyslack.aws;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.json.JsonWriting;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One DynamoDB table, spoken to with conditional writes on one key: the operations the function's state needs,
 * typed. What to write and under which condition is the caller's, said by name ({@link Change}, {@link Condition});
 * the expression language and the request's JSON (attribute values, placeholders, return values) are this
 * package's.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html">UpdateItem</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html">Condition expressions</a>
 */
public final class DynamoDb {
  /** BatchGetItem's most keys per request. */
  static final int BATCH_GET = 100;
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
   * UpdateItem on one key.
   *
   * @return the item as it was before (empty when there was none)
   * @throws AwsException with {@link AwsException.Code#CONDITION_FAILED} and the current {@link AwsException#item()}
   *     when the condition did not hold, or for any other failure
   */
  public Item update(String key, Change change, Duration timeLeft) {
    return new Item(client.call("UpdateItem", request(key, change, "ALL_OLD"), timeLeft).path("Attributes"));
  }

  /**
   * UpdateItem on one key, answering with the attributes it changed as they are now: a counter's new value
   * ({@code ADD held :one}), which no other writer got.
   */
  public Item updateReturningNew(String key, Change change, Duration timeLeft) {
    return new Item(client.call("UpdateItem", request(key, change, "UPDATED_NEW"), timeLeft).path("Attributes"));
  }

  /** UpdateItem on one key, answering nothing back (a large item is not sent back for each write). */
  public void write(String key, Change change, Duration timeLeft) {
    client.call("UpdateItem", request(key, change, "NONE"), timeLeft);
  }

  /** PutItem: the item with these attributes (strings and longs), whatever was there. */
  public void put(String key, Map<String, Object> attributes, Duration timeLeft) {
    client.call("PutItem", JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("TableName", table);
      g.writeObjectFieldStart("Item");
      attribute(g, keyAttribute, key);
      for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
        attribute(g, attribute.getKey(), attribute.getValue());
      }
      g.writeEndObject();
    }), timeLeft);
  }

  /**
   * BatchGetItem: the items of these keys that exist, read consistently, in no particular order; keys
   * DynamoDB leaves unprocessed are asked again.
   *
   * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html">BatchGetItem</a>
   */
  public List<Item> get(List<String> keys, Duration timeLeft) {
    List<Item> items = new ArrayList<>();
    List<String> pending = new ArrayList<>(keys);
    while (!pending.isEmpty()) {
      List<String> batch = new ArrayList<>(pending.subList(0, Math.min(BATCH_GET, pending.size())));
      pending.subList(0, batch.size()).clear();
      JsonNode answer = client.call("BatchGetItem", JsonWriting.bytes(client.json(), g -> {
        g.writeObjectFieldStart("RequestItems");
        g.writeObjectFieldStart(table);
        g.writeArrayFieldStart("Keys");
        for (String key : batch) {
          g.writeStartObject();
          attribute(g, keyAttribute, key);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("ConsistentRead", true);
        g.writeEndObject();
        g.writeEndObject();
      }), timeLeft);
      for (JsonNode item : answer.path("Responses").path(table)) {
        items.add(new Item(item));
      }
      for (JsonNode unprocessed : answer.path("UnprocessedKeys").path(table).path("Keys")) {
        pending.add(unprocessed.path(keyAttribute).path("S").asText());
      }
    }
    return items;
  }

  /** DeleteItem on one key, under the change's condition. */
  public void delete(String key, Change change, Duration timeLeft) {
    client.call("DeleteItem", request(key, change, null), timeLeft);
  }

  private byte[] request(String key, Change change, String returnValues) {
    Change.Rendered rendered = change.render();
    return JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("TableName", table);
      g.writeObjectFieldStart("Key");
      attribute(g, keyAttribute, key);
      g.writeEndObject();
      if (rendered.update() != null) {
        g.writeStringField("UpdateExpression", rendered.update());
      }
      if (!rendered.placeholders().names().isEmpty()) {
        g.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : rendered.placeholders().names().entrySet()) {
          g.writeStringField(name.getKey(), name.getValue());
        }
        g.writeEndObject();
      }
      if (rendered.condition() != null) {
        g.writeStringField("ConditionExpression", rendered.condition());
      }
      if (!rendered.placeholders().values().isEmpty()) {
        g.writeObjectFieldStart("ExpressionAttributeValues");
        for (Map.Entry<String, Object> value : rendered.placeholders().values().entrySet()) {
          attribute(g, value.getKey(), value.getValue());
        }
        g.writeEndObject();
      }
      if (returnValues != null) {
        g.writeStringField("ReturnValues", returnValues);
      }
      g.writeStringField("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
    });
  }

  /**
   * A DynamoDB attribute value: a string ({@code S}), a number ({@code N}), a map of strings ({@code M}) or a set
   * of strings ({@code SS}).
   */
  private static void attribute(JsonGenerator g, String name, Object value) throws IOException {
    g.writeObjectFieldStart(name);
    if (value instanceof String text) {
      g.writeStringField("S", text);
    } else if (value instanceof java.util.Set<?> set) {
      g.writeArrayFieldStart("SS");
      for (Object member : set) {
        g.writeString(String.valueOf(member));
      }
      g.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      g.writeObjectFieldStart("M");
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        attribute(g, String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
      }
      g.writeEndObject();
    } else {
      g.writeStringField("N", String.valueOf(value));
    }
    g.writeEndObject();
  }
}
