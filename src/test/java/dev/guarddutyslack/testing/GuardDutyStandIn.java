package dev.guarddutyslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * GuardDuty on loopback, for the operations triage calls (moto has none of them), reached through
 * {@code AWS_ENDPOINT_URL_GUARDDUTY}. Each request is checked against GuardDuty's REST API model
 * (botocore's {@code guardduty/2017-11-28/service-2.json}: {@code ArchiveFindings} is
 * {@code POST /detector/{DetectorId}/findings/archive} with {@code {"findingIds":[…]}}, {@code UnarchiveFindings}
 * {@code …/findings/unarchive}, {@code UpdateFindingsFeedback} {@code …/findings/feedback} with
 * {@code "feedback": "USEFUL"|"NOT_USEFUL"}, {@code ListDetectors} {@code GET /detector}) and its SigV4
 * signature is recomputed here, independently of the SDK's signer, from the test credentials (the
 * algorithm of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 * A request that fails a check is answered 400 {@code ValidationException} and recorded in {@link #problems}.
 */
public final class GuardDutyStandIn extends Dispatcher {
  /** One accepted call: operation, region signed for, detector, finding ids, feedback. */
  public record Call(String operation, String region, String detectorId, List<String> findingIds, String feedback) {}

  private static final Pattern AUTH = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([a-z0-9-]+)/"
      + "guardduty/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
  private static final Pattern FINDINGS = Pattern.compile("/detector/([0-9a-f]{32})/findings/(archive|unarchive|feedback)");

  private final String accessKey;
  private final String secretKey;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, List<String>> detectors = new ConcurrentHashMap<>();
  private final List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
  private final java.util.concurrent.Phaser inFlight = new java.util.concurrent.Phaser(1);
  private volatile Duration delay = Duration.ZERO;
  private volatile String refuseWith;

  public GuardDutyStandIn(String accessKey, String secretKey) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** This account's detector in a region, as ListDetectors lists it. */
  public void detector(String region, String id) {
    detectors.put(region, List.of(id));
  }

  /** Every later answer comes after {@code delay}. */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  /** Every later finding operation is refused with this error name (HTTP 400), as GuardDuty refuses. */
  public void refuseWith(String errorType) {
    this.refuseWith = errorType;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Every request as it arrived, before any delay: {@code GET /detector}, {@code POST /detector/…/findings/archive}. */
  public List<String> arrivals() {
    return List.copyOf(arrivals);
  }

  /**
   * Waits until every request that has arrived has been answered (a delayed answer the function gave up on
   * included), so that nothing it records later falls into the next test.
   */
  public void awaitIdle(Duration most) throws java.util.concurrent.TimeoutException, InterruptedException {
    // This stand-in is the phaser's one party besides the requests in flight: the phase ends when they all are.
    inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), most.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    inFlight.register();
    try {
      arrivals.add(request.getMethod() + " " + request.getUrl().encodedPath());
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      return answer(request);
    } finally {
      inFlight.arriveAndDeregister();
    }
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    String region = verify(request, body);
    if (region == null) {
      return invalid();
    }
    if ("GET".equals(request.getMethod()) && "/detector".equals(path)) {
      calls.add(new Call("ListDetectors", region, null, List.of(), null));
      return json(200, "{\"detectorIds\":[" + String.join(",", detectors.getOrDefault(region, List.of()).stream()
          .map(id -> "\"" + id + "\"").toList()) + "]}");
    }
    Matcher m = FINDINGS.matcher(path);
    if (!"POST".equals(request.getMethod()) || !m.matches()) {
      problems.add("no GuardDuty operation is " + request.getMethod() + " " + path);
      return invalid();
    }
    JsonNode json;
    try {
      json = TestApp.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      problems.add("the body is not JSON");
      return invalid();
    }
    List<String> ids = new ArrayList<>();
    json.path("findingIds").forEach(id -> ids.add(id.asText()));
    if (ids.isEmpty() || ids.size() > 50 || ids.stream().anyMatch(id -> id.isEmpty() || id.length() > 300)) {
      problems.add("findingIds must hold 1 to 50 ids of 1 to 300 characters: " + json);
      return invalid();
    }
    String operation = switch (m.group(2)) {
      case "archive" -> "ArchiveFindings";
      case "unarchive" -> "UnarchiveFindings";
      default -> "UpdateFindingsFeedback";
    };
    String feedback = json.path("feedback").asText(null);
    if (operation.equals("UpdateFindingsFeedback") != (feedback != null)
        || feedback != null && !feedback.equals("USEFUL") && !feedback.equals("NOT_USEFUL")) {
      problems.add(operation + " with feedback " + feedback);
      return invalid();
    }
    if (refuseWith != null) {
      return new MockResponse.Builder().code(400).addHeader("x-amzn-ErrorType", refuseWith + ":http://internal.amazon.com/coral/com.amazonaws.guardduty/")
          .addHeader("Content-Type", "application/json")
          .body("{\"message\":\"The request is rejected because the input detectorId is not owned by the current"
              + " account.\",\"__type\":\"InvalidInputException\"}").build();
    }
    calls.add(new Call(operation, region, m.group(1), ids, feedback));
    return json(200, "{}");
  }

  /** @return the region the request was signed for, or null (and a problem recorded) when the signature fails */
  private String verify(RecordedRequest request, byte[] body) {
    String authorization = request.getHeaders().get("Authorization");
    Matcher auth = authorization == null ? null : AUTH.matcher(authorization);
    if (auth == null || !auth.matches()) {
      problems.add("no SigV4 authorization for guardduty: " + authorization);
      return null;
    }
    String amzDate = request.getHeaders().get("X-Amz-Date");
    if (!auth.group(1).equals(accessKey) || amzDate == null || !amzDate.startsWith(auth.group(2))) {
      problems.add("wrong key or date in " + authorization);
      return null;
    }
    String region = auth.group(3);
    String signedHeaders = auth.group(4);
    Map<String, String> headers = new TreeMap<>();
    for (String name : signedHeaders.split(";")) {
      String value = name.equals("host") ? request.getHeaders().get("Host") : request.getHeaders().get(name);
      if (value == null) {
        problems.add("signed header " + name + " is missing");
        return null;
      }
      headers.put(name, value.trim().replaceAll(" +", " "));
    }
    StringBuilder canonical = new StringBuilder(request.getMethod()).append('\n')
        .append(request.getUrl().encodedPath()).append('\n')
        .append(request.getUrl().encodedQuery() == null ? "" : request.getUrl().encodedQuery()).append('\n');
    headers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    canonical.append('\n').append(signedHeaders).append('\n').append(hex(sha256(body)));
    String scope = auth.group(2) + "/" + region + "/guardduty/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), auth.group(2));
    key = hmac(key, region);
    key = hmac(key, "guardduty");
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, toSign));
    if (!expected.equals(auth.group(5))) {
      problems.add("the signature does not match for " + request.getMethod() + " " + request.getUrl().encodedPath());
      return null;
    }
    return region.toLowerCase(Locale.ROOT);
  }

  private static MockResponse invalid() {
    return new MockResponse.Builder().code(400).addHeader("x-amzn-ErrorType", "ValidationException")
        .body("{\"message\":\"invalid\"}").build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
