package dev.guarddutyslack.storm;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Sqs;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends the digest trigger to the function's own queue, delayed until the window closes (and a busy channel's
 * single message, delayed until its turn): the queue delivers it to the function like a finding, and retries it
 * like one. SQS delays a message at most 15 minutes; the
 * trigger of a longer window that arrives early is sent again for the rest.
 */
public record SqsDigestScheduler(Sqs sqs, String queueUrl, JsonFactory json, Clock clock)
    implements DigestScheduler {
  @Override
  public void schedule(Window window, Instant due, Duration timeLeft) {
    Duration delay = Duration.between(clock.instant(), due);
    try {
      sqs.send(queueUrl, DigestTrigger.write(json, window), delay.isNegative() ? Duration.ZERO : delay, timeLeft);
    } catch (AwsException e) {
      throw new StoreUnavailableException("SQS queue " + queueUrl + " (digest trigger): " + e.getMessage(),
          e.code().misconfiguration(), e);
    }
  }

  @Override
  public void handOn(Window window, Finding finding, Instant due, Duration timeLeft) {
    Duration delay = Duration.between(clock.instant(), due);
    try {
      sqs.send(queueUrl, SingleTurn.write(json, window, finding), delay.isNegative() ? Duration.ZERO : delay,
          timeLeft);
    } catch (AwsException e) {
      throw new StoreUnavailableException("SQS queue " + queueUrl + " (a single message's turn): " + e.getMessage(),
          e.code().misconfiguration(), e);
    }
  }
}
