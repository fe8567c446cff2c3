package dev.guarddutyslack.aws;

import dev.guarddutyslack.json.JsonWriting;
import java.time.Duration;

/**
 * SQS, as the function uses it: one message to a queue, delivered after a delay (the digest trigger it sends
 * its own queue).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage</a>
 */
public final class Sqs {
  /** The longest delay SQS gives a message. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  private final AwsJsonClient client;

  public Sqs(AwsJsonClient client) {
    this.client = client;
  }

  /**
   * Sends {@code body}, visible to consumers after {@code delay} (at most {@link #MAX_DELAY}).
   *
   * @throws AwsException when SQS refuses or cannot answer
   */
  public void send(String queueUrl, String body, Duration delay, Duration timeLeft) {
    long seconds = Math.max(0, Math.min(MAX_DELAY.toSeconds(), delay.toSeconds()));
    client.call("SendMessage", JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("QueueUrl", queueUrl);
      g.writeStringField("MessageBody", body);
      g.writeNumberField("DelaySeconds", seconds);
    }), timeLeft);
  }
}
