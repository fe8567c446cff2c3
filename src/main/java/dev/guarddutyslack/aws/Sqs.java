package dev.guarddutyslack.aws;

import dev.guarddutyslack.json.JsonWriting;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS, as the function uses it: one message to a queue, delivered after a delay (the digest trigger it sends
 * its own queue); and a received message kept hidden for longer (a finding Slack asked to wait for).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage</a>
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html">ChangeMessageVisibility</a>
 */
public final class Sqs {
  /** The longest delay SQS gives a message. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  /** The longest SQS hides a received message: 12 hours from when it was received. */
  public static final Duration MAX_VISIBILITY = Duration.ofHours(12);
  private static final Pattern QUEUE_ARN =
      Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,80}(\\.fifo)?)");
  private final AwsJsonClient client;

  public Sqs(AwsJsonClient client) {
    this.client = client;
  }

  /**
   * Keeps a received message hidden for {@code hidden} from now (at most {@link #MAX_VISIBILITY}).
   *
   * @param queueArn the queue's ARN, as Lambda's SQS event names it ({@code eventSourceARN})
   * @throws AwsException when SQS refuses or cannot answer
   * @throws IllegalArgumentException when the ARN is not an SQS queue's
   */
  public void hide(String queueArn, String receiptHandle, Duration hidden, Duration timeLeft) {
    Matcher arn = QUEUE_ARN.matcher(queueArn);
    if (!arn.matches()) {
      throw new IllegalArgumentException("not an SQS queue's ARN");
    }
    String base = client.endpoint(arn.group(1)).toString();
    String queueUrl = (base.endsWith("/") ? base : base + "/") + arn.group(2) + "/" + arn.group(3);
    client.call("ChangeMessageVisibility", JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("QueueUrl", queueUrl);
      g.writeStringField("ReceiptHandle", receiptHandle);
      g.writeNumberField("VisibilityTimeout", wholeSecondsUp(hidden, MAX_VISIBILITY));
    }), timeLeft);
  }

  /**
   * Sends {@code body}, visible to consumers after {@code delay} (at most {@link #MAX_DELAY}).
   *
   * @throws AwsException when SQS refuses or cannot answer
   */
  public void send(String queueUrl, String body, Duration delay, Duration timeLeft) {
    client.call("SendMessage", JsonWriting.bytes(client.json(), g -> {
      g.writeStringField("QueueUrl", queueUrl);
      g.writeStringField("MessageBody", body);
      g.writeNumberField("DelaySeconds", wholeSecondsUp(delay, MAX_DELAY));
    }), timeLeft);
  }

  /**
   * SQS counts whole seconds; a part of one counts as one, so that nothing comes back before its time (a digest
   * trigger a second early finds its window still open and must be sent again); and no more than SQS takes.
   */
  static long wholeSecondsUp(Duration duration, Duration most) {
    if (duration.isNegative() || duration.isZero()) {
      return 0;
    }
    return Math.min(most.toSeconds(), duration.getSeconds() + (duration.getNano() == 0 ? 0 : 1));
  }
}
