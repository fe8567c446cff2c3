package dev.guarddutyslack.guardduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Changes made to findings outside this project, as CloudTrail records GuardDuty's calls. */
class ConsoleChangeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode archive() throws Exception {
    return (ObjectNode) MAPPER.readTree(Fixtures.event("console-archive"));
  }

  private static ObjectNode detail(ObjectNode event) {
    return (ObjectNode) event.get("detail");
  }

  @Test
  void anArchiveInTheConsoleNamesTheFindingsWhoAndWhen() throws Exception {
    ParsedEvent parsed = EventParser.parse(archive());

    assertThat(parsed).isInstanceOf(ParsedEvent.ConsoleChangeEvent.class);
    ConsoleChange change = ((ParsedEvent.ConsoleChangeEvent) parsed).change();
    assertThat(change).isEqualTo(new ConsoleChange(ConsoleChange.ARCHIVED, List.of("d60c8da498e65e3091c69055272e2fbc"),
        "eu-west-1", "arn:aws:sts::111122223333:assumed-role/SecurityResponder/alice", "2026-11-20T12:30:00Z",
        "console.amazonaws.com"));
    assertThat(change.byThisProject()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"UnarchiveFindings,, unarchived", "UpdateFindingsFeedback, USEFUL, marked useful",
      "UpdateFindingsFeedback, NOT_USEFUL, marked not useful"})
  void unarchiveAndFeedbackAreFollowedToo(String eventName, String feedback, String action) throws Exception {
    ObjectNode event = archive();
    detail(event).put("eventName", eventName);
    if (feedback != null) {
      ((ObjectNode) detail(event).get("requestParameters")).put("feedback", feedback);
    }
    assertThat(((ParsedEvent.ConsoleChangeEvent) EventParser.parse(event)).change().action()).isEqualTo(action);
  }

  /** A call GuardDuty refused changed nothing; other calls, sources and feedback are not followed. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"errorCode|AccessDenied", "eventName|GetFindings",
      "eventSource|iam.amazonaws.com", "eventName|UpdateFindingsFeedback"})
  void whatChangesNothingIsNotAChange(String field, String value) throws Exception {
    ObjectNode event = archive();
    detail(event).put(field, value);
    assertThat(EventParser.parse(event)).isInstanceOf(ParsedEvent.NotAFinding.class);
  }

  /** Finding ids are finding text: only GuardDuty's shape is kept, once each, at most 50. */
  @Test
  void onlyFindingIdsOfGuardDutysShapeAreKept() throws Exception {
    ObjectNode event = archive();
    var ids = ((ObjectNode) detail(event).get("requestParameters")).putArray("findingIds");
    ids.add("<!channel>").add("../../etc").add("abc123").add("abc123").add(7);
    for (int i = 0; i < 60; i++) {
      ids.add(String.format("%032x", i));
    }
    ConsoleChange change = ((ParsedEvent.ConsoleChangeEvent) EventParser.parse(event)).change();
    assertThat(change.findingIds()).hasSize(50).startsWith("abc123").doesNotContain("<!channel>", "../../etc");

    ((ObjectNode) detail(event).get("requestParameters")).putArray("findingIds").add("<!here>");
    assertThat(EventParser.parse(event)).isInstanceOf(ParsedEvent.NotAFinding.class);
  }

  /** A triage click's own call names itself, as this project's AWS requests do: it is told from the console's. */
  @Test
  void thisProjectsOwnCallIsToldApart() throws Exception {
    ObjectNode event = archive();
    detail(event).put("userAgent", dev.guarddutyslack.aws.AwsJsonClient.USER_AGENT);
    assertThat(((ParsedEvent.ConsoleChangeEvent) EventParser.parse(event)).change().byThisProject()).isTrue();
  }
}
