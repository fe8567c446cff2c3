package dev.guarddutyslack.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.time.Backoff;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls one AWS service's JSON API: each request signed with the SDK's own SigV4 signer and the function's
 * credentials, sent with OkHttp, and retried on throttling, server errors and lost connections with the
 * project's {@link Backoff}, all within the time the caller gives (at most {@link #CALL_TIMEOUT}; each attempt
 * at most {@link #ATTEMPT_TIMEOUT}). Failures come out as {@link AwsException}s with a typed
 * {@link AwsException.Code}. The services' typed operations ({@link DynamoDb}, {@link SecretsManager},
 * {@link Sqs}, {@link GuardDuty}: twelve operations in all, listed in {@code docs/aws-calls.md}) are built on it;
 * nothing outside this package sees the protocol.
 *
 * <p>This replaces the SDK's generated service clients, which added 3.7 MB and most of a second of cold start
 * when the function called four operations; signing and credentials, where correctness matters most, stay the
 * SDK's.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html">Signature Version 4</a>
 */
public final class AwsJsonClient {
  /**
   * How this project's calls name themselves; CloudTrail records it, so that a change this project made (a triage
   * click's ArchiveFindings) is told from one made in the console.
   */
  public static final String USER_AGENT = "guardduty-slack";

  /** The longest one call may take, retries included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  /** The longest one attempt may take. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  static final int MAX_ATTEMPTS = 3;
  static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));

  private final OkHttpClient http;
  private final JsonFactory json;
  private final AwsCredentials credentials;
  private final AwsService service;
  private final AwsSettings settings;
  private final URI endpoint;
  private final String region;
  private final MediaType contentType;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final Ticker ticker;

  /** @param http the client whose connection pool is shared; each attempt gets the AWS attempt timeout */
  public AwsJsonClient(OkHttpClient http, JsonFactory json, AwsCredentials credentials, AwsSettings settings,
                       AwsService service, Ticker ticker) {
    this.http = http.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).readTimeout(ATTEMPT_TIMEOUT)
        .writeTimeout(ATTEMPT_TIMEOUT).callTimeout(ATTEMPT_TIMEOUT).build();
    this.ticker = ticker;
    this.json = json;
    this.credentials = credentials;
    this.service = service;
    this.settings = settings;
    this.endpoint = service.targetPrefix() == null ? null : settings.endpoint(service);
    this.region = service.targetPrefix() == null ? null : settings.signingRegion();
    this.contentType = MediaType.get(service.contentType());
  }

  /**
   * Calls an operation.
   *
   * @param body the request, as JSON
   * @param timeLeft how long the caller may still wait; the call gives up before
   * @return the response's JSON (a missing node for an empty body)
   * @throws AwsException for an error answer, or when no answer came in time
   */
  JsonNode call(String operation, byte[] body, Duration timeLeft) {
    return send(new Target(endpoint, region, operation, SdkHttpMethod.POST), body, timeLeft);
  }

  /**
   * Calls an operation of a REST-JSON service (GuardDuty): a POST of {@code body} to {@code path} in
   * {@code region}, which is the resource's own region, not the function's.
   */
  JsonNode rest(String region, String path, byte[] body, Duration timeLeft) {
    return rest(region, SdkHttpMethod.POST, path, body, timeLeft);
  }

  /** A REST-JSON request with any method ({@code GET} with an empty body, say). */
  JsonNode rest(String region, SdkHttpMethod method, String path, byte[] body, Duration timeLeft) {
    // Joined as text: URI.resolve drops the slash between an authority with no path and a relative path.
    String base = settings.endpoint(service, region).toString();
    URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    return send(new Target(uri, region, null, method), body, timeLeft);
  }

  /** Where one request goes and how it is signed: its URI, its region, and its JSON-protocol operation, if any. */
  private record Target(URI uri, String region, String operation, SdkHttpMethod method) {}

  private JsonNode send(Target target, byte[] body, Duration timeLeft) {
    Deadline deadline = Deadline.after(ticker, timeLeft.compareTo(CALL_TIMEOUT) < 0 ? timeLeft : CALL_TIMEOUT,
        Duration.ZERO);
    AwsException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Duration left = deadline.remaining();
      if (left.toMillis() < 1) {
        throw last != null ? last : AwsException.of(AwsException.Code.TIMEOUT);
      }
      try {
        return attempt(target, body, left.compareTo(ATTEMPT_TIMEOUT) < 0 ? left : ATTEMPT_TIMEOUT);
      } catch (AwsException e) {
        if (!e.retryable()) {
          throw e;
        }
        last = e;
      }
      if (attempt < MAX_ATTEMPTS) {
        try {
          BACKOFF.sleep(ticker, attempt, deadline.remaining());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw last;
        }
      }
    }
    throw last;
  }

  /** The service's endpoint in {@code region}, as every request of this client is sent there. */
  URI endpoint(String region) {
    return settings.endpoint(service, region);
  }

  /** The JSON factory requests are written with. */
  JsonFactory json() {
    return json;
  }

  private JsonNode attempt(Target target, byte[] body, Duration timeout) {
    SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
        .method(target.method())
        .uri(target.uri())
        .putHeader("Content-Type", service.contentType())
        .putHeader("User-Agent", USER_AGENT);
    if (target.operation() != null) {
      builder.putHeader("X-Amz-Target", service.targetPrefix() + "." + target.operation());
    }
    SdkHttpRequest unsigned = builder.build();
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolve();
    } catch (RuntimeException e) {
      // The SDK's providers throw their own exceptions (no variables, container endpoint unreachable): one
      // kind of failure here, which a later call may not have.
      throw AwsException.of(AwsException.Code.CREDENTIALS_UNAVAILABLE);
    }
    SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned)
        .payload(() -> new java.io.ByteArrayInputStream(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
        .putProperty(AwsV4HttpSigner.REGION_NAME, target.region()));
    Request.Builder request = new Request.Builder().url(signed.request().getUri().toString())
        .method(target.method().name(), target.method() == SdkHttpMethod.GET ? null
            : RequestBody.create(body, contentType));
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("Host")) {
        for (String value : header.getValue()) {
          request.addHeader(header.getKey(), value);
        }
      }
    }
    okhttp3.Call call = http.newCall(request.build());
    call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      ResponseBody responseBody = response.body();
      byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
      JsonNode answer = bytes.length == 0 ? MissingNode.getInstance() : readQuietly(bytes);
      if (response.isSuccessful()) {
        return answer;
      }
      // A REST-JSON service names the error in its header; its body's __type may be a finer, unlisted name.
      String name = target.operation() == null
          ? errorCode(MissingNode.getInstance(), response.header("x-amzn-ErrorType"), response.code())
          : errorCode(answer, response.header("x-amzn-ErrorType"), response.code());
      String message = answer.path("message").asText(answer.path("Message").asText(null));
      throw new AwsException(AwsException.Code.of(name, response.code(), message), name, response.code(),
          new Item(answer.path("Item")));
    } catch (java.io.InterruptedIOException e) {
      throw AwsException.of(AwsException.Code.TIMEOUT);
    } catch (IOException e) {
      // The exception's message may name the host; only its kind is kept.
      throw AwsException.of(AwsException.Code.CONNECTION);
    }
  }

  private JsonNode readQuietly(byte[] bytes) {
    try {
      return JsonTree.read(json, bytes);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /** {@code com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException} → its last part. */
  static String errorCode(JsonNode body, String header, int status) {
    String type = body.path("__type").asText(null);
    if (type == null || type.isBlank()) {
      type = header;
    }
    if (type == null || type.isBlank()) {
      return "http_" + status;
    }
    int colon = type.indexOf(':');
    if (colon > 0) {
      type = type.substring(0, colon);
    }
    int hash = type.lastIndexOf('#');
    String code = hash >= 0 ? type.substring(hash + 1) : type;
    return code.replaceAll("[^A-Za-z0-9_.]", "_");
  }
}
