package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.buttons.ClickNotice;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.storm.DigestTrigger;
import dev.guarddutyslack.storm.SingleTurn;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One EventBridge event. The answer says what became of it ({@code {"id":…,"decision":"posted"}}, or
 * {@code filtered}, {@code skipped}, {@code suppressed} with a {@code reason}); an event that was not
 * delivered fails the invocation, so that its source retries it.
 */
public record BareEvent(Input input) implements Invocation {

  static BareEvent of(JsonNode event) {
    String id = ClickNotice.is(event) ? ClickNotice.name(event) : SingleTurn.is(event) ? SingleTurn.name(event)
        : DigestTrigger.is(event) ? DigestTrigger.name(event) : event.path("id").asText("event");
    return new BareEvent(new Input(id, RecordEvents.parse(event)));
  }

  @Override
  public List<Input> inputs() {
    return List.of(input);
  }

  @Override
  public void answer(List<Outcome> outcomes, JsonFactory json, OutputStream output) throws IOException {
    for (Outcome outcome : outcomes) {
      if (!outcome.done()) {
        throw new FindingNotDeliveredException("event " + outcome.inputId() + " was not delivered"
            + outcome.routed().destination().map(d -> " to " + d).orElse("") + " (" + outcome.reason()
            + "); the invocation fails so that it is retried");
      }
    }
    Outcome first = outcomes.get(0);
    JsonWriting.to(output, json, g -> {
      g.writeStringField("id", first.inputId());
      g.writeStringField("decision", first.decision().label());
      if (first.reason() != null) {
        g.writeStringField("reason", first.reason());
      }
      if (outcomes.size() > 1 || first.routed().destination().isPresent()) {
        g.writeArrayFieldStart("destinations");
        for (Outcome outcome : outcomes) {
          g.writeStartObject();
          g.writeStringField("destination", outcome.routed().destination().orElse(""));
          g.writeStringField("decision", outcome.decision().label());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    });
  }
}
