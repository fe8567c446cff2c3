package dev.guarddutyslack.invocation;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Sqs;
import dev.guarddutyslack.observability.Journal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Hides a record with SQS's {@code ChangeMessageVisibility} on its own queue, by the receipt Lambda gave it.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html">Visibility timeout</a>
 */
public record SqsVisibility(Sqs sqs, Journal journal, Clock clock) implements Visibility {
  @Override
  public void hide(Receipt record, Duration hidden, Duration timeLeft) {
    Duration capped = hidden.compareTo(Sqs.MAX_VISIBILITY) > 0 ? Sqs.MAX_VISIBILITY : hidden;
    Instant visibleAgainAt = clock.instant().plus(capped);
    try {
      sqs.hide(record.queueArn(), record.receiptHandle(), capped, timeLeft);
      journal.hidden(record.messageId(), visibleAgainAt);
    } catch (AwsException | IllegalArgumentException e) {
      journal.warn("record " + record.messageId() + " could not be hidden until Slack's wait ends ("
          + (e instanceof AwsException aws ? aws.getMessage() : e.getMessage()) + "); the queue shows it again when"
          + " its own visibility timeout ends");
    }
  }
}
