package dev.guarddutyslack.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.TestApp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invocation as a type: what Lambda gives the function (an SQS batch, or one bare EventBridge event) read
 * into inputs, and the answer written back.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Using Lambda with Amazon SQS</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting">Partial batch responses</a>
 */
class InvocationTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static Invocation read(String input) throws IOException {
    return Invocations.read(JSON, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
  }

  private static String answer(Invocation invocation, List<Outcome> outcomes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    invocation.answer(outcomes, JSON, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anSqsBatchIsOneInputPerRecordInOrderEachReadForWhatItIs() throws IOException {
    Invocation batch = read(TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("not-a-finding"),
        "not json", Fixtures.sns(Fixtures.event("finding-critical"))));

    assertThat(batch).isInstanceOf(SqsBatch.class);
    List<Input> inputs = batch.inputs();
    assertThat(inputs).extracting(Input::id).containsExactly("m0", "m1", "m2", "m3");
    assertThat(inputs.get(0).event()).isInstanceOf(ParsedEvent.FindingEvent.class);
    assertThat(inputs.get(1).event()).isInstanceOf(ParsedEvent.ScanResultEvent.class);
    assertThat(inputs.get(2).event()).isInstanceOfSatisfying(ParsedEvent.Unreadable.class,
        u -> assertThat(u.reason()).isNotBlank());
    assertThat(inputs.get(3).event()).as("an SNS notification's message is the event")
        .isInstanceOfSatisfying(ParsedEvent.FindingEvent.class,
            f -> assertThat(f.finding().band()).hasValueSatisfying(b -> assertThat(b.name()).isEqualTo("CRITICAL")));
  }

  @Test
  void aBareEventIsOneInputNamedByTheEventsId() throws IOException {
    String event = Fixtures.event("finding-high");
    Invocation bare = read(event);

    assertThat(bare).isInstanceOf(BareEvent.class);
    assertThat(bare.inputs()).singleElement().satisfies(input -> {
      assertThat(input.id()).isEqualTo(TestApp.MAPPER.readTree(event).path("id").asText());
      assertThat(input.event()).isInstanceOf(ParsedEvent.FindingEvent.class);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "\"text\"", "{}", "{\"detail\":{}}"})
  void anythingElseFailsTheInvocationSayingWhatItIsNot(String input) {
    assertThatThrownBy(() -> read(input)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the input is");
  }

  @Test
  void aBatchAnswersWithTheRecordsThatAreNotDoneForSqsToRetry() throws IOException {
    Invocation batch = read(TestApp.sqsBatch(Fixtures.event("finding-high"), Fixtures.event("finding-high"),
        Fixtures.event("not-a-finding")));
    List<Input> in = batch.inputs();

    String answer = answer(batch, List.of(
        Outcome.afterPost(in.get(0), null, null, DeliveryOutcome.accepted(200, 1), Duration.ofMillis(3)),
        Outcome.failed(in.get(1), null, "slack answered 500"),
        Outcome.skipped(in.get(2), null, "not a finding")));

    assertThat(answer).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}");
  }

  /** A record sent to three destinations has three outcomes; it is retried, once, if any is not done. */
  @Test
  void aRecordWithSeveralDestinationsIsRetriedOnceIfAnyFailed() throws IOException {
    Invocation batch = read(TestApp.sqsBatch(Fixtures.event("finding-critical"), Fixtures.event("finding-high")));
    Input critical = batch.inputs().get(0);
    Input high = batch.inputs().get(1);

    String answer = answer(batch, List.of(
        Outcome.afterPost(critical, null, null, DeliveryOutcome.accepted(200, 1), Duration.ZERO),
        Outcome.afterPost(critical, null, null, DeliveryOutcome.unavailable(500, null, 3), Duration.ZERO),
        Outcome.afterPost(critical, null, null, DeliveryOutcome.unavailable(503, null, 3), Duration.ZERO),
        Outcome.afterPost(high, null, null, DeliveryOutcome.accepted(200, 1), Duration.ZERO)));

    assertThat(answer).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m0\"}]}");
  }

  @Test
  void aBareEventSentToSeveralDestinationsAnswersEachAndFailsIfAnyFailed() throws IOException {
    Invocation bare = read(Fixtures.event("finding-critical"));
    Input input = bare.inputs().get(0);
    Outcome oncall = Outcome.afterPost(input, null, null, DeliveryOutcome.accepted(200, 1), Duration.ZERO)
        .routed(new Outcome.Routed(java.util.Optional.of("on-call"), java.util.Optional.of("ONCALL"),
            List.of("ONCALL", "CRITICAL")));
    Outcome critical = Outcome.afterPost(input, null, null, DeliveryOutcome.accepted(200, 1), Duration.ZERO)
        .routed(new Outcome.Routed(java.util.Optional.of("on-call"), java.util.Optional.of("CRITICAL"),
            List.of("ONCALL", "CRITICAL")));

    String answer = answer(bare, List.of(oncall, critical));
    assertThat(TestApp.MAPPER.readTree(answer).path("destinations").toString())
        .isEqualTo("[{\"destination\":\"ONCALL\",\"decision\":\"posted\"},"
            + "{\"destination\":\"CRITICAL\",\"decision\":\"posted\"}]");

    Outcome failed = Outcome.afterPost(input, null, "slack unavailable", DeliveryOutcome.unavailable(500, null, 3),
        Duration.ZERO).routed(critical.routed());
    assertThatThrownBy(() -> answer(bare, List.of(oncall, failed))).isInstanceOf(FindingNotDeliveredException.class)
        .hasMessageContaining("not delivered to CRITICAL");
  }

  /** The digest trigger, as docs/storms.md documents it, in a batch or on its own. */
  @Test
  void aDigestTriggerIsReadAsOneWhetherQueuedOrSentDirectly() throws IOException {
    String trigger = "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00Z\","
        + "\"windowMinutes\":5}";

    for (Invocation invocation : List.of(read(TestApp.sqsBatch(trigger)), read(trigger))) {
      assertThat(invocation.inputs()).singleElement().satisfies(input -> assertThat(input.event()).isEqualTo(
          new ParsedEvent.DigestDue("HIGH", java.time.Instant.parse("2026-11-29T10:05:00Z"), Duration.ofMinutes(5))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"guardduty-slack\":\"digest\",\"destination\":\"high\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:06:00Z\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"yesterday\",\"windowMinutes\":5}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":0}",
      "{\"guardduty-slack\":\"digest\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":\"5\"}",
      "{\"guardduty-slack\":\"reboot\",\"destination\":\"HIGH\",\"windowStart\":\"2026-11-29T10:05:00Z\",\"windowMinutes\":5}"})
  void aMalformedTriggerIsUnreadableAndGoesToTheDeadLetterQueue(String trigger) throws IOException {
    assertThat(read(TestApp.sqsBatch(trigger)).inputs().get(0).event()).isInstanceOfSatisfying(
        ParsedEvent.Unreadable.class, u -> assertThat(u.reason()).startsWith("a digest trigger that is not"));
  }

  @Test
  void aBatchWithNothingToRetryAnswersAnEmptyList() throws IOException {
    Invocation batch = read(TestApp.sqsBatch(Fixtures.event("not-a-finding")));
    assertThat(answer(batch, List.of(Outcome.skipped(batch.inputs().get(0), null, "not a finding"))))
        .isEqualTo("{\"batchItemFailures\":[]}");
  }

  @Test
  void aBareEventThatWasDeliveredAnswersWhatBecameOfIt() throws IOException {
    Invocation bare = read(Fixtures.event("finding-high"));
    Input input = bare.inputs().get(0);

    String answer = answer(bare, List.of(Outcome.filtered(input, null, "below MIN_SEVERITY")));

    assertThat(TestApp.MAPPER.readTree(answer).path("decision").asText()).isEqualTo("filtered");
    assertThat(TestApp.MAPPER.readTree(answer).path("reason").asText()).isEqualTo("below MIN_SEVERITY");
    assertThat(TestApp.MAPPER.readTree(answer).path("id").asText()).isEqualTo(input.id());
  }

  @Test
  void aBareEventThatWasNotDeliveredFailsTheInvocationSoThatItsSourceRetries() throws IOException {
    Invocation bare = read(Fixtures.event("finding-high"));

    assertThatThrownBy(() -> answer(bare, List.of(Outcome.failed(bare.inputs().get(0), null, "no webhook"))))
        .isInstanceOf(FindingNotDeliveredException.class).hasMessageContaining("no webhook");
  }
}
