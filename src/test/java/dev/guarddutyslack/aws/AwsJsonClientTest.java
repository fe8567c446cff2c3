package dev.guarddutyslack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.time.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The AWS JSON protocol as DynamoDB and Secrets Manager speak it: a signed POST naming the operation in
 * {@code X-Amz-Target}, errors named by {@code __type}, throttling and server errors retried, everything
 * within the time given.
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html">AWS JSON 1.0 protocol</a>
 */
class AwsJsonClientTest {
  private static final byte[] BODY = "{\"TableName\":\"t\"}".getBytes(StandardCharsets.UTF_8);

  @StartStop
  private final MockWebServer aws = MockServers.create();

  private AwsJsonClient client(AwsService service) {
    AwsSettings settings = new AwsSettings(Optional.of("eu-north-1"), Optional.of(URI.create(aws.url("/").toString())),
        Map.of());
    AwsCredentials credentials = AwsCredentials.of(StaticCredentialsProvider.create(
        AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token")));
    return new AwsJsonClient(new OkHttpClient(), new JsonFactory(), credentials, settings, service, Ticker.SYSTEM);
  }

  private static MockResponse answer(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  @Test
  void postsASignedRequestNamingTheOperation() throws Exception {
    aws.enqueue(answer(200, "{\"Attributes\":{\"pk\":{\"S\":\"x\"}}}"));

    JsonNode result = client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofSeconds(5));

    assertThat(result.at("/Attributes/pk/S").asText()).isEqualTo("x");
    RecordedRequest request = aws.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("X-Amz-Target")).isEqualTo("DynamoDB_20120810.UpdateItem");
    assertThat(request.getHeaders().get("Content-Type")).as("exactly the signed value, no charset added")
        .isEqualTo("application/x-amz-json-1.0");
    assertThat(request.getHeaders().get("X-Amz-Security-Token")).isEqualTo("session-token");
    assertThat(request.getHeaders().get("User-Agent")).as("CloudTrail records it: the console's changes are told"
        + " from this project's own").isEqualTo("guardduty-slack");
    assertThat(request.getHeaders().get("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    String today = request.getHeaders().get("X-Amz-Date").substring(0, 8);
    assertThat(request.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + today + "/eu-north-1/dynamodb/aws4_request, ")
        .contains("SignedHeaders=").contains("content-type").contains("host").contains("x-amz-target")
        .containsPattern("Signature=[0-9a-f]{64}$");
    assertThat(request.getBody().utf8()).isEqualTo("{\"TableName\":\"t\"}");
  }

  @Test
  void secretsManagerSpeaksJsonOnePointOne() throws Exception {
    aws.enqueue(answer(200, "{\"SecretString\":\"{}\"}"));

    client(AwsService.SECRETS_MANAGER).call("GetSecretValue", BODY, Duration.ofSeconds(5));

    RecordedRequest request = aws.takeRequest();
    assertThat(request.getHeaders().get("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(request.getHeaders().get("Authorization")).contains("/eu-north-1/secretsmanager/aws4_request");
  }

  @Test
  void aFailedConditionIsAnErrorCarryingTheItem() {
    aws.enqueue(answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
        + "\"message\":\"The conditional request failed\",\"Item\":{\"leaseUntil\":{\"N\":\"5\"}}}"));

    assertThatThrownBy(() -> client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.code()).isEqualTo(AwsException.Code.CONDITION_FAILED);
          assertThat(e.name()).isEqualTo("ConditionalCheckFailedException");
          assertThat(e.retryable()).isFalse();
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.item().number("leaseUntil")).contains(5L);
        });
    assertThat(aws.getRequestCount()).as("not retried").isEqualTo(1);
  }

  @Test
  void throttlingAndServerErrorsAreRetriedThenSucceed() throws Exception {
    aws.enqueue(answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\"}"));
    aws.enqueue(answer(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}"));
    aws.enqueue(answer(200, "{}"));

    client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofSeconds(5));

    assertThat(aws.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retriesStopAtTheAttemptLimit() {
    for (int i = 0; i < 5; i++) {
      aws.enqueue(answer(503, ""));
    }

    assertThatThrownBy(() -> client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.code()).isEqualTo(AwsException.Code.SERVICE);
          assertThat(e.name()).isEqualTo("http_503");
          assertThat(e.retryable()).isTrue();
        });
    assertThat(aws.getRequestCount()).isEqualTo(AwsJsonClient.MAX_ATTEMPTS);
  }

  @Test
  void aDroppedConnectionIsRetried() throws Exception {
    aws.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    aws.enqueue(answer(200, "{}"));

    client(AwsService.DYNAMODB).call("DeleteItem", BODY, Duration.ofSeconds(5));

    assertThat(aws.getRequestCount()).isEqualTo(2);
  }

  @Test
  void noAnswerWithinTheTimeGivenIsATimeout() {
    aws.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(10, TimeUnit.SECONDS).build());

    assertThatThrownBy(() -> client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofMillis(700)))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(AwsException.Code.TIMEOUT));
  }

  @Test
  void noTimeAtAllMakesNoRequest() {
    assertThatThrownBy(() -> client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ZERO))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(AwsException.Code.TIMEOUT));
    assertThat(aws.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource(value = {
      "'{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\"}', , ResourceNotFoundException, NOT_FOUND",
      "'{\"__type\":\"ResourceNotFoundException\",\"Message\":\"x\"}', , ResourceNotFoundException, NOT_FOUND",
      "'{\"__type\":\"AccessDeniedException:http://internal.amazon.com/x\"}', , AccessDeniedException, NOT_PERMITTED",
      "'', ValidationException, ValidationException, INVALID",
      "'{\"__type\":\"DecryptionFailure\"}', , DecryptionFailure, DECRYPTION_FAILED",
      "'{\"__type\":\"SomethingNew\"}', , SomethingNew, OTHER",
      "'not json', , http_400, OTHER"})
  void errorNamesAreReadFromTheBodyOrTheHeaderAndTyped(String body, String header, String name,
      AwsException.Code code) {
    aws.enqueue(new MockResponse.Builder().code(400).body(body)
        .addHeader("x-amzn-ErrorType", header == null ? "" : header).build());

    assertThatThrownBy(() -> client(AwsService.SECRETS_MANAGER).call("GetSecretValue", BODY, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.name()).isEqualTo(name);
          assertThat(e.code()).isEqualTo(code);
        });
  }

  /**
   * DynamoDB tells an item past 400 KB from other validation errors by the message alone: that one is an answer
   * (the ledger writes elsewhere), not a set-up fault; any other ValidationException still is one.
   */
  @Test
  void anItemPastItsSizeIsToldApartFromOtherValidationErrors() {
    aws.enqueue(answer(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"Item size to"
        + " update has exceeded the maximum allowed size\"}"));
    aws.enqueue(answer(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"The"
        + " provided key element does not match the schema\"}"));
    assertThatThrownBy(() -> client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.code()).isEqualTo(AwsException.Code.ITEM_TOO_LARGE);
          assertThat(e.code().misconfiguration()).isFalse();
        });
    assertThatThrownBy(() -> client(AwsService.DYNAMODB).call("UpdateItem", BODY, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo(AwsException.Code.INVALID));
  }

  @Test
  void theRegionalEndpointIsUsedWithoutAnOverride() {
    AwsSettings settings = new AwsSettings(Optional.of("eu-west-1"), Optional.empty(), Map.of());
    assertThat(settings.endpoint(AwsService.DYNAMODB)).hasToString("https://dynamodb.eu-west-1.amazonaws.com/");
    AwsSettings china = new AwsSettings(Optional.of("cn-north-1"), Optional.empty(), Map.of());
    assertThat(china.endpoint(AwsService.SECRETS_MANAGER)).hasToString("https://secretsmanager.cn-north-1.amazonaws.com.cn/");
    AwsSettings overridden = new AwsSettings(Optional.of("eu-west-1"), Optional.of(URI.create("http://127.0.0.1:1")),
        Map.of("AWS_ENDPOINT_URL_DYNAMODB", URI.create("http://127.0.0.1:2")));
    assertThat(overridden.endpoint(AwsService.DYNAMODB)).hasToString("http://127.0.0.1:2");
    assertThat(overridden.endpoint(AwsService.SECRETS_MANAGER)).hasToString("http://127.0.0.1:1");
  }
}
