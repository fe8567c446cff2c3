package dev.guarddutyslack.invocation;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One Lambda invocation: an SQS batch whose bodies are EventBridge events (the deployed path), or one bare
 * EventBridge event (a direct rule target, {@code sam local invoke}). It reads the input into what the core
 * decides on, and writes the answer Lambda expects from what the core decided. {@link Invocations#read} tells
 * which an input is.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting">Partial batch responses</a>
 */
public sealed interface Invocation permits SqsBatch, BareEvent {
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
