package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.storm.DigestTrigger;
import java.io.IOException;
import java.io.InputStream;

/** Tells which {@link Invocation} an input is, by its shape. */
public final class Invocations {
  private Invocations() {}

  /**
   * Reads an invocation's input.
   *
   * @throws IllegalArgumentException when it is not JSON, not an object, or neither an SQS batch nor an
   *     EventBridge event: the invocation fails, and nothing is posted
   */
  public static Invocation read(JsonFactory json, InputStream input) throws IOException {
    JsonNode root;
    try {
      root = JsonTree.read(json, input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the input is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the input is not a JSON object");
    }
    if (root.has("Records")) {
      return SqsBatch.of(json, root.get("Records"));
    }
    if (root.has("detail-type") || DigestTrigger.is(root)) {
      return BareEvent.of(root);
    }
    throw new IllegalArgumentException(
        "the input is neither an SQS batch (Records) nor an EventBridge event (detail-type)");
  }
}
