package dev.guarddutyslack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.time.Ticker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the function asks of SQS: a message visible after a delay, and a received message hidden for longer. SQS
 * counts whole seconds; nothing may come back before its time, so a part of a second counts as a whole one.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage: DelaySeconds</a>
 */
class SqsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String QUEUE_ARN = "arn:aws:sqs:eu-north-1:111122223333:guardduty-slack-findings";

  @StartStop
  private final MockWebServer aws = MockServers.create();

  private Sqs sqs() {
    AwsSettings settings = new AwsSettings(Optional.of("eu-north-1"), Optional.of(URI.create(aws.url("/").toString())),
        Map.of());
    AwsCredentials credentials = AwsCredentials.of(StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")));
    return new Sqs(new AwsJsonClient(new OkHttpClient(), new JsonFactory(), credentials, settings, AwsService.SQS,
        Ticker.SYSTEM));
  }

  private JsonNode sent() throws Exception {
    RecordedRequest request = aws.takeRequest();
    return MAPPER.readTree(request.getBody().utf8());
  }

  @ParameterizedTest(name = "a delay of {0} is DelaySeconds {1}")
  @CsvSource({"PT0S, 0", "PT-3S, 0", "PT0.001S, 1", "PT74.3S, 75", "PT75S, 75", "PT14M59.5S, 900", "PT20M, 900"})
  void aDelayIsNeverShortened(Duration delay, long expected) throws Exception {
    aws.enqueue(new MockResponse.Builder().code(200).body("{\"MessageId\":\"m\"}").build());

    sqs().send("https://sqs.eu-north-1.amazonaws.com/111122223333/q", "{}", delay, Duration.ofSeconds(5));

    JsonNode body = sent();
    assertThat(body.path("DelaySeconds").asLong()).isEqualTo(expected);
    assertThat(body.path("MessageBody").asText()).isEqualTo("{}");
  }

  @ParameterizedTest(name = "hidden for {0} is VisibilityTimeout {1}")
  @CsvSource({"PT0S, 0", "PT0.2S, 1", "PT30S, 30", "PT359.9S, 360", "PT13H, 43200"})
  void aMessageIsHiddenForAtLeastTheTimeAsked(Duration hidden, long expected) throws Exception {
    aws.enqueue(new MockResponse.Builder().code(200).body("{}").build());

    sqs().hide(QUEUE_ARN, "receipt", hidden, Duration.ofSeconds(5));

    JsonNode body = sent();
    assertThat(body.path("VisibilityTimeout").asLong()).isEqualTo(expected);
    assertThat(body.path("ReceiptHandle").asText()).isEqualTo("receipt");
    assertThat(body.path("QueueUrl").asText()).endsWith("/111122223333/guardduty-slack-findings");
  }

  @Test
  void onlyAQueuesArnNamesTheQueueToHideIn() {
    assertThatThrownBy(() -> sqs().hide("arn:aws:sns:eu-north-1:111122223333:topic", "r", Duration.ofSeconds(1),
        Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    assertThat(aws.getRequestCount()).isZero();
  }
}
