package dev.guarddutyslack.buttons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.guardduty.ParsedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The triage function's notice of a click, as the notifier reads it: what it claims, and whether a button key of
 * this stack bound every word of it.
 */
class ClickNoticeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory JSON = new JsonFactory();
  private static final String FINDING = "d60c8da498e65e3091c69055272e2fbc";
  private static final byte[] KEY = "k3y-one-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ROTATED = "k3y-two-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Instant AT = Instant.parse("2026-11-20T12:30:05.123Z");

  private static ObjectNode notice(String action, byte[] key) throws Exception {
    return (ObjectNode) MAPPER.readTree(ClickNotice.write(JSON, action, "eu-west-1", FINDING, "U0ALLOWED1", AT, key));
  }

  private static ConsoleChange change(ObjectNode notice) {
    assertThat(ClickNotice.is(notice)).isTrue();
    ParsedEvent read = ClickNotice.read(notice);
    assertThat(read).as("%s", read).isInstanceOf(ParsedEvent.ConsoleChangeEvent.class);
    return ((ParsedEvent.ConsoleChangeEvent) read).change();
  }

  @Test
  void aNoticeReadsBackAsTheChangeTheClickMadeAndIsGenuineUnderItsKey() throws Exception {
    ObjectNode notice = notice("archive", KEY);
    assertThat(notice.fieldNames()).toIterable().containsExactly("guardduty-slack", "action", "region", "findingId",
        "user", "at", "mac");
    assertThat(notice.path("at").asText()).as("whole seconds").isEqualTo("2026-11-20T12:30:05Z");
    ConsoleChange change = change(notice);
    assertThat(change).isEqualTo(ConsoleChange.inSlack(ConsoleChange.ARCHIVED, FINDING, "eu-west-1", "U0ALLOWED1",
        "2026-11-20T12:30:05Z", notice.path("mac").asText()));
    assertThat(change.madeInSlack()).isTrue();
    assertThat(change.byThisProject()).as("not to be passed over as CloudTrail's record of the click is").isFalse();
    assertThat(ClickNotice.genuine(change, List.of(KEY))).isTrue();
    assertThat(ClickNotice.genuine(change, List.of(ROTATED, KEY))).as("the previous key, after a rotation").isTrue();
    assertThat(ClickNotice.genuine(change, List.of(ROTATED))).isFalse();
    assertThat(ClickNotice.genuine(change, List.of())).isFalse();
    assertThat(ClickNotice.name(notice)).isEqualTo("triaged archive " + FINDING);
    for (String action : List.of("unarchive", "useful", "not_useful")) {
      assertThat(ClickNotice.genuine(change(notice(action, KEY)), List.of(KEY))).isTrue();
    }
  }

  /**
   * Anyone who can send to the queue can write a notice; only the button key binds one. A notice with any word
   * changed (another action, finding, region, user or time) or a MAC made without the key is not genuine.
   */
  @ParameterizedTest
  @ValueSource(strings = {"action=unarchive", "findingId=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "region=us-east-1",
      "user=U0ATTACKER", "at=2026-11-20T12:30:06Z", "mac=00000000000000000000000000000000"})
  void aNoticeWithAnyWordChangedIsNotGenuine(String edit) throws Exception {
    ObjectNode notice = notice("archive", KEY);
    String[] field = edit.split("=", 2);
    notice.put(field[0], field[1]);
    assertThat(ClickNotice.genuine(change(notice), List.of(KEY))).isFalse();
    assertThat(ClickNotice.genuine(change(notice("archive", "attacker-key-0123456789abcdef".getBytes(
        StandardCharsets.UTF_8))), List.of(KEY))).isFalse();
  }

  /** A notice not of the documented shape is unreadable: it fails, and reaches the dead-letter queue. */
  @ParameterizedTest
  @ValueSource(strings = {"action=delete", "findingId=../x", "findingId=", "region=eu west 1", "user=alice",
      "user=<!channel>", "at=yesterday", "at=2026-11-20T12:30:05.5Z", "mac=XYZ", "mac="})
  void aNoticeNotOfItsShapeIsUnreadable(String edit) throws Exception {
    ObjectNode notice = notice("archive", KEY);
    String[] field = edit.split("=", 2);
    notice.put(field[0], field[1]);
    assertThat(ClickNotice.read(notice)).isInstanceOf(ParsedEvent.Unreadable.class);
    ObjectNode without = notice("archive", KEY);
    without.remove(field[0]);
    assertThat(ClickNotice.read(without)).isInstanceOf(ParsedEvent.Unreadable.class);
  }

  @Test
  void onlyAClickThisProjectCanHandOnIsWritten() {
    assertThatThrownBy(() -> ClickNotice.write(JSON, "delete", "eu-west-1", FINDING, "U0ALLOWED1", AT, KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickNotice.write(JSON, "archive", "eu-west-1", FINDING, "alice", AT, KEY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDigestTriggerIsNoNotice() throws Exception {
    assertThat(ClickNotice.is(MAPPER.readTree("{\"guardduty-slack\":\"digest\"}"))).isFalse();
    assertThat(ClickNotice.is(MAPPER.readTree("{\"detail-type\":\"GuardDuty Finding\"}"))).isFalse();
  }
}
