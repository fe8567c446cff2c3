package dev.guarddutyslack.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What one rule's {@code match} asks, field by field, against the HIGH fixture (account 111122223333, eu-west-1,
 * {@code Trojan:EC2/DNSDataExfiltration}, severity 8.0, an instance tagged {@code team=payments}).
 */
class MatchTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Finding finding(Consumer<ObjectNode> change) throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    change.accept((ObjectNode) event.get("detail"));
    return ((ParsedEvent.FindingEvent) EventParser.parse(event)).finding();
  }

  private static boolean holds(Match match, Finding finding) {
    // Routing sees only findings with a band; one without a number is routed by the band it was given.
    Severity band = finding.severity() == null ? Severity.HIGH : Severity.of(finding.severity());
    return match.test(new Match.Facts(finding, band));
  }

  private static Match match(Consumer<Builder> fields) {
    Builder b = new Builder();
    fields.accept(b);
    return new Match(b.accounts, b.regions, b.types, b.resourceTypes, b.tags, b.bands, b.severity, b.flags);
  }

  /** The fields a test sets; the rest hold for every finding. */
  private static final class Builder {
    Optional<Set<String>> accounts = Optional.empty();
    Optional<Set<String>> regions = Optional.empty();
    Optional<List<Glob>> types = Optional.empty();
    Optional<Set<String>> resourceTypes = Optional.empty();
    Optional<Map<String, Glob>> tags = Optional.empty();
    Optional<Set<Severity>> bands = Optional.empty();
    Optional<Match.Range> severity = Optional.empty();
    Map<Match.Flag, Boolean> flags = new java.util.EnumMap<>(Match.Flag.class);
  }

  @Test
  void anEmptyMatchHoldsForEveryFinding() throws Exception {
    assertThat(holds(Match.ALL, finding(d -> { }))).isTrue();
    assertThat(holds(Match.ALL, finding(d -> d.remove("accountId")))).isTrue();
  }

  @Test
  void eachFieldMustHoldAndAListHoldsWhenAnyEntryDoes() throws Exception {
    Finding high = finding(d -> { });
    assertThat(holds(match(b -> b.accounts = Optional.of(Set.of("999999999999", "111122223333"))), high)).isTrue();
    assertThat(holds(match(b -> b.accounts = Optional.of(Set.of("999999999999"))), high)).isFalse();
    assertThat(holds(match(b -> b.regions = Optional.of(Set.of("eu-west-1"))), high)).isTrue();
    assertThat(holds(match(b -> b.regions = Optional.of(Set.of("EU-WEST-1"))), high)).as("regions exactly")
        .isFalse();
    assertThat(holds(match(b -> b.types = Optional.of(List.of(Glob.of("Recon:*"), Glob.of("Trojan:EC2/*")))), high))
        .isTrue();
    assertThat(holds(match(b -> b.types = Optional.of(List.of(Glob.of("Recon:*")))), high)).isFalse();
    assertThat(holds(match(b -> b.resourceTypes = Optional.of(Set.of("instance"))), high)).as("in any case")
        .isTrue();
    assertThat(holds(match(b -> b.bands = Optional.of(Set.of(Severity.HIGH, Severity.CRITICAL))), high)).isTrue();
    assertThat(holds(match(b -> b.bands = Optional.of(Set.of(Severity.MEDIUM))), high)).isFalse();
    assertThat(holds(match(b -> b.flags.put(Match.Flag.SAMPLE, false)), high)).isTrue();
    assertThat(holds(match(b -> {
      b.regions = Optional.of(Set.of("eu-west-1"));
      b.accounts = Optional.of(Set.of("999999999999"));
    }), high)).as("every field given must hold").isFalse();
  }

  @Test
  void severityBoundsAreInclusive() throws Exception {
    Finding high = finding(d -> { });
    assertThat(holds(match(b -> b.severity = Optional.of(new Match.Range(8.0, 8.0))), high)).isTrue();
    assertThat(holds(match(b -> b.severity = Optional.of(new Match.Range(8.1, 10))), high)).isFalse();
    assertThat(holds(match(b -> b.severity = Optional.of(new Match.Range(0, 7.9))), high)).isFalse();
  }

  @Test
  void eachTagMustBeOnSomeResourceWithAMatchingValue() throws Exception {
    Finding high = finding(d -> { });
    assertThat(holds(match(b -> b.tags = Optional.of(Map.of("team", Glob.of("pay*")))), high)).isTrue();
    assertThat(holds(match(b -> b.tags = Optional.of(Map.of("team", Glob.of("billing")))), high)).isFalse();
    assertThat(holds(match(b -> b.tags = Optional.of(Map.of("Team", Glob.of("*")))), high)).as("keys exactly")
        .isFalse();
    assertThat(holds(match(b -> b.tags = Optional.of(Map.of("team", Glob.of("payments"), "Name",
        Glob.of("web-*")))), high)).isTrue();
    assertThat(holds(match(b -> b.tags = Optional.of(Map.of("team", Glob.of("payments"), "env",
        Glob.of("*")))), high)).as("every tag asked for").isFalse();
  }

  @Test
  void aSampleFindingIsToldApart() throws Exception {
    Finding sample = finding(d -> ((ObjectNode) d.path("service")).putObject("additionalInfo").put("sample", true));
    assertThat(holds(match(b -> b.flags.put(Match.Flag.SAMPLE, true)), sample)).isTrue();
    assertThat(holds(match(b -> b.flags.put(Match.Flag.SAMPLE, false)), sample)).isFalse();
  }

  @Test
  void aFindingPartOfAnAttackSequenceIsToldApartByTheSequenceItNames() throws Exception {
    Finding part = finding(d -> d.put("associatedAttackSequenceArn", "arn:aws:guardduty:eu-west-1:111122223333:detector/"
        + "a".repeat(32) + "/finding/" + "b".repeat(32)));
    Finding alone = finding(d -> { });
    Finding forged = finding(d -> d.put("associatedAttackSequenceArn", "not an arn"));
    Match inSequence = match(b -> b.flags.put(Match.Flag.PART_OF_SEQUENCE, true));
    assertThat(holds(inSequence, part)).isTrue();
    assertThat(holds(inSequence, alone)).isFalse();
    assertThat(holds(inSequence, forged)).as("only an ARN of a GuardDuty finding counts").isFalse();
    assertThat(holds(match(b -> b.flags.put(Match.Flag.PART_OF_SEQUENCE, false)), alone)).isTrue();
  }

  @Test
  void missingFactsMatchNothingButAnEmptyMatch() throws Exception {
    Finding bare = finding(d -> {
      ((ObjectNode) d.path("resource")).remove("resourceType");
      d.remove("severity");
    });
    assertThat(holds(match(b -> b.resourceTypes = Optional.of(Set.of("instance"))), bare)).isFalse();
    assertThat(holds(match(b -> b.severity = Optional.of(new Match.Range(0, 10))), bare))
        .as("no number is in any range").isFalse();
  }

  @Test
  void onlyTheBandOrTheSeverityRangeNamesCritical() {
    assertThat(match(b -> b.bands = Optional.of(Set.of(Severity.CRITICAL))).namesCritical()).isTrue();
    assertThat(match(b -> b.severity = Optional.of(new Match.Range(7, 9.0))).namesCritical()).isTrue();
    assertThat(match(b -> b.severity = Optional.of(new Match.Range(7, 8.9))).namesCritical()).isFalse();
    assertThat(match(b -> b.bands = Optional.of(Set.of(Severity.HIGH))).namesCritical()).isFalse();
    assertThat(match(b -> b.tags = Optional.of(Map.of("severity", Glob.of("CRITICAL")))).namesCritical()).isFalse();
    assertThat(Match.ALL.namesCritical()).isFalse();
  }
}
