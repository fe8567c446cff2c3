package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.storm.DigestTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * One Lambda invocation: an SQS batch whose bodies are EventBridge events (the deployed path), or one bare
 * EventBridge event (a direct rule target, {@code sam local invoke}). It reads the input into what the core
 * decides on, and writes the answer Lambda expects from what the core decided.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting">Partial batch responses</a>
 */
public sealed interface Invocation permits SqsBatch, BareEvent {

  /**
   * Reads an invocation's input.
   *
   * @throws IllegalArgumentException when it is not JSON, not an object, or neither an SQS batch nor an
   *     EventBridge event: the invocation fails, and nothing is posted
   */
  static Invocation read(JsonFactory json, InputStream input) throws IOException {
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

  /** What the core decides on, in order. */
  List<Input> inputs();

  /**
   * Writes the answer for what became of the inputs (in input order: one outcome per input, or one per
   * destination for an input sent to several).
   *
   * @throws FindingNotDeliveredException for a bare event that was not delivered, so that its source retries it
   */
  void answer(List<Outcome> outcomes, JsonFactory json, OutputStream output) throws IOException;

  /**
   * Keeps the inputs that Slack asked to wait for from coming back before the wait ends, where the transport can
   * (an SQS record can be hidden; a bare event's source retries as it will).
   */
  default void postpone(List<Outcome> outcomes, Visibility visibility, java.time.Duration timeLeft) {}
}
