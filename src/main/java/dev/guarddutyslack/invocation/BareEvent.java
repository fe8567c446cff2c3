package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.core.Input;
import dev.guarddutyslack.core.Outcome;
import dev.guarddutyslack.guardduty.EventParser;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One EventBridge event. The answer says what became of it ({@code {"id":…,"decision":"posted"}}, or
 * {@code filtered}, {@code skipped}, {@code suppressed} with a {@code reason}); an event that was not
 * delivered fails the invocation, so that its source retries it.
 */
public record BareEvent(Input input) implements Invocation {

  static BareEvent of(EventParser parser, JsonNode event) {
    return new BareEvent(new Input(event.path("id").asText("event"), parser.parse(event)));
  }

  @Override
  public List<Input> inputs() {
    return List.of(input);
  }

  @Override
  public void answer(List<Outcome> outcomes, ObjectMapper mapper, OutputStream output) throws IOException {
    Outcome outcome = outcomes.get(0);
    if (!outcome.done()) {
      throw new FindingNotDeliveredException("event " + outcome.inputId() + " was not delivered ("
          + outcome.reason() + "); the invocation fails so that it is retried");
    }
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("id", outcome.inputId());
    answer.put("decision", outcome.decision().label());
    if (outcome.reason() != null) {
      answer.put("reason", outcome.reason());
    }
    mapper.writeValue(output, answer);
  }
}
