package dev.guarddutyslack.invocation;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SQS batch. Each record's body is read on its own: a body that is not an EventBridge event object fails
 * that record alone. A body that is an SNS notification (a topic subscribed to the queue without raw message
 * delivery) is unwrapped: its {@code Message} is the event. The answer names exactly the records not done, so
 * that SQS retries those.
 *
 * @see <a href="https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html">SNS to SQS: the notification envelope</a>
 */
public record SqsBatch(List<Input> inputs) implements Invocation {

  static SqsBatch of(JsonFactory json, JsonNode records) {
    if (!records.isArray()) {
      throw new IllegalArgumentException("Records is not an array");
    }
    List<Input> inputs = new ArrayList<>();
    for (JsonNode record : records) {
      String messageId = record.path("messageId").asText(null);
      if (messageId == null) {
        throw new IllegalArgumentException("an SQS record has no messageId, so its failure could not be reported");
      }
      inputs.add(new Input(messageId, body(json, record.get("body"))));
    }
    return new SqsBatch(List.copyOf(inputs));
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
    return EventParser.parse(event);
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
    return EventParser.parse(event);
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
