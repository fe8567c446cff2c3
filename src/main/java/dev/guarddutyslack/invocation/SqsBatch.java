package dev.guarddutyslack.invocation;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SQS batch. Each record's body is read on its own: a body that is not an EventBridge event object fails
 * that record alone. A body that is an SNS notification (a topic subscribed to the queue without raw message
 * delivery) is unwrapped: its {@code Message} is the event. The answer names exactly the records not done, so
 * that SQS retries those; a record Slack asked to wait for longer than the queue hides it anyway is hidden until
 * the wait ends ({@link #postpone}).
 *
 * @see <a href="https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html">SNS to SQS: the notification envelope</a>
 */
public record SqsBatch(List<Input> inputs, List<Receipt> receipts) implements Invocation {
  /**
   * How long the stack's queues hide a received record anyway (their {@code VisibilityTimeout}, which a test
   * holds to the template): a shorter wait needs no change, and a change would only make the record come back
   * sooner, spending the queue's receives faster.
   */
  public static final Duration QUEUE_HIDES_FOR = Duration.ofSeconds(360);

  public SqsBatch {
    inputs = List.copyOf(inputs);
    receipts = List.copyOf(receipts);
  }

  static SqsBatch of(JsonFactory json, JsonNode records) {
    if (!records.isArray()) {
      throw new IllegalArgumentException("Records is not an array");
    }
    List<Input> inputs = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    for (JsonNode record : records) {
      String messageId = record.path("messageId").asText(null);
      if (messageId == null) {
        throw new IllegalArgumentException("an SQS record has no messageId, so its failure could not be reported");
      }
      inputs.add(new Input(messageId, body(json, record.get("body"))));
      receipts.add(new Receipt(messageId, record.path("receiptHandle").asText(""),
          record.path("eventSourceARN").asText("")));
    }
    return new SqsBatch(inputs, receipts);
  }

  /**
   * Hides each record that Slack asked to wait for, when the wait is longer than the queue hides it anyway: the
   * record is not received again (and its receives not spent) before the wait ends.
   */
  @Override
  public void postpone(List<Outcome> outcomes, Visibility visibility, Duration timeLeft) {
    Map<String, Duration> waits = new LinkedHashMap<>();
    for (Outcome outcome : outcomes) {
      if (outcome.decision() == Decision.RATE_LIMITED && outcome.delivery() != null) {
        waits.merge(outcome.inputId(), outcome.delivery().retryAfter(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    for (Receipt receipt : receipts) {
      Duration wait = waits.get(receipt.messageId());
      if (wait != null && wait.compareTo(QUEUE_HIDES_FOR) > 0 && !receipt.receiptHandle().isEmpty()
          && !receipt.queueArn().isEmpty()) {
        visibility.hide(receipt, wait, timeLeft);
      }
    }
  }

  private static ParsedEvent body(JsonFactory json, JsonNode body) {
    if (body == null || body.isNull()) {
      return new ParsedEvent.Unreadable("the message has no body");
    }
    if (!body.isTextual()) {
      return new ParsedEvent.Unreadable("the message body is not text");
    }
    JsonNode event;
    try {
      event = JsonTree.read(json, body.asText());
    } catch (JsonProcessingException e) {
      return new ParsedEvent.Unreadable("the message body is not JSON");
    } catch (IOException e) {
      return new ParsedEvent.Unreadable("the message body cannot be read");
    }
    if (event == null || event.isMissingNode()) {
      return new ParsedEvent.Unreadable("the message body is empty");
    }
    if (!event.isObject()) {
      return new ParsedEvent.Unreadable("the message body is JSON but not an object (" + kind(event) + ")");
    }
    if ("Notification".equals(event.path("Type").asText(null)) && event.has("TopicArn")) {
      return snsMessage(json, event.get("Message"));
    }
    return RecordEvents.parse(event);
  }

  /** The event an SNS notification carries in its Message, as text. */
  private static ParsedEvent snsMessage(JsonFactory json, JsonNode message) {
    if (message == null || !message.isTextual()) {
      return new ParsedEvent.Unreadable("the SNS notification has no Message text");
    }
    JsonNode event;
    try {
      event = JsonTree.read(json, message.asText());
    } catch (IOException e) {
      return new ParsedEvent.Unreadable("the SNS notification's Message is not JSON");
    }
    if (event == null || !event.isObject()) {
      return new ParsedEvent.Unreadable("the SNS notification's Message is not a JSON object");
    }
    return RecordEvents.parse(event);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case NULL -> "null";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  @Override
  public void answer(List<Outcome> outcomes, JsonFactory json, OutputStream output) throws IOException {
    // A record sent to several destinations has an outcome for each; it is retried if any is not done.
    SQSBatchResponse response = new SQSBatchResponse(outcomes.stream().filter(o -> !o.done())
        .map(Outcome::inputId).distinct().map(SQSBatchResponse.BatchItemFailure::new).toList());
    JsonWriting.to(output, json, g -> {
      g.writeArrayFieldStart("batchItemFailures");
      for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
        g.writeStartObject();
        g.writeStringField("itemIdentifier", failure.getItemIdentifier());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }
}
