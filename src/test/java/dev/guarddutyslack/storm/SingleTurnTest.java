package dev.guarddutyslack.storm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A single message handed on to its turn: written and read in one place, the finding carried unchanged. */
class SingleTurnTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Window WINDOW = new Window("HIGH", Instant.parse("2026-11-29T10:05:00Z"), Duration.ofMinutes(5));

  private static Finding finding() throws Exception {
    return Finding.of(MAPPER.readTree(Fixtures.event("finding-high")).get("detail"), "111122223333", "eu-west-1");
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameFindingDueForItsDestination() throws Exception {
    Finding finding = finding();
    JsonNode turn = MAPPER.readTree(SingleTurn.write(MAPPER.getFactory(), WINDOW, finding));

    assertThat(turn.fieldNames()).toIterable().containsExactly("guardduty-slack", "destination", "windowStart",
        "windowMinutes", "account", "region", "detail");
    assertThat(SingleTurn.is(turn)).isTrue();
    assertThat(DigestTrigger.is(turn)).as("the marker both share").isTrue();
    assertThat(SingleTurn.name(turn)).isEqualTo("single HIGH " + finding.id());
    ParsedEvent read = SingleTurn.read(turn);
    assertThat(read).isInstanceOf(ParsedEvent.SingleDue.class);
    ParsedEvent.SingleDue due = (ParsedEvent.SingleDue) read;
    assertThat(due.destination()).isEqualTo("HIGH");
    assertThat(due.windowStart()).isEqualTo(WINDOW.start());
    assertThat(due.window()).isEqualTo(WINDOW.length());
    assertThat(due.finding().detail()).as("the finding, unchanged").isEqualTo(finding.detail());
    assertThat(due.finding().id()).isEqualTo(finding.id());
    assertThat(due.finding().accountId()).isEqualTo("111122223333");
  }

  /** Anything else of the kind is unreadable: it fails, and reaches the dead-letter queue. */
  @ParameterizedTest
  @ValueSource(strings = {"destination=high", "destination=", "windowStart=2026-11-29T10:06:00Z",
      "windowStart=yesterday", "windowMinutes=0", "windowMinutes=1441", "account=", "detail="})
  void anythingElseOfTheKindIsUnreadable(String edit) throws Exception {
    ObjectNode turn = (ObjectNode) MAPPER.readTree(SingleTurn.write(MAPPER.getFactory(), WINDOW, finding()));
    String[] field = edit.split("=", 2);
    if (field[1].isEmpty() && !field[0].equals("destination")) {
      turn.remove(field[0]);
    } else if (field[0].equals("windowMinutes")) {
      turn.put(field[0], Integer.parseInt(field[1]));
    } else {
      turn.put(field[0], field[1]);
    }
    assertThat(SingleTurn.read(turn)).isInstanceOf(ParsedEvent.Unreadable.class);
  }
}
