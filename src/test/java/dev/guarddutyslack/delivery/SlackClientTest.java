package dev.guarddutyslack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.webhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

class SlackClientTest {
  private static final byte[] BODY = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

  @StartStop
  private final MockWebServer slack = MockServers.create();

  private final FakeTicker ticker = new FakeTicker();
  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(2))
      .readTimeout(Duration.ofMillis(500))
      .callTimeout(Duration.ofSeconds(2))
      .retryOnConnectionFailure(false)
      .build();
  private final SlackClient client = new SlackClient(http, ticker, Duration.ofSeconds(1));

  private Webhook webhook() {
    return Webhook.of(slack.url("/services/T0/B0/secret").toString());
  }

  private Deadline deadline(Duration remaining) {
    return Deadline.after(ticker, remaining, Duration.ZERO);
  }

  private static MockResponse response(int code, String body) {
    return new MockResponse.Builder().code(code).body(body).build();
  }

  @Test
  void postsJsonAndReturnsOnOk() throws Exception {
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome delivery = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery).isEqualTo(DeliveryOutcome.accepted(200, 1));
    RecordedRequest request = slack.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/services/T0/B0/secret");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(request.getBody().utf8()).isEqualTo("{\"text\":\"hello\"}");
  }

  /** Before a SnapStart snapshot, no pooled connection may stay: the snapshot would hold it. */
  @Test
  void evictingDropsThePooledConnections() throws Exception {
    slack.enqueue(response(200, "ok"));
    client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));
    assertThat(http.connectionPool().connectionCount()).isEqualTo(1);

    client.evictConnections();

    assertThat(http.connectionPool().connectionCount()).isZero();
  }

  /** A second another copy holds: the post waits for the one it got, and goes out in it. */
  @Test
  void aPostWaitsForTheSecondItReservedAcrossCopies() throws Exception {
    slack.enqueue(response(200, "ok"));
    Instant now = Instant.parse("2026-11-29T12:00:00.250Z");
    List<Instant> asked = new ArrayList<>();
    SendSlots slots = (webhook, earliest, latest, timeLeft) -> {
      asked.add(earliest);
      return Optional.of(Instant.parse("2026-11-29T12:00:03Z"));
    };
    SlackClient shared = new SlackClient(http, ticker, Duration.ofSeconds(1), slots,
        Clock.fixed(now, ZoneOffset.UTC));

    DeliveryOutcome delivery = shared.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.ACCEPTED);
    assertThat(asked).containsExactly(now);
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(2750));
  }

  /**
   * No second free before the invocation's end: handed back to the queue, as when Slack asks to wait, and no
   * second past the deadline is asked for (another copy may use it).
   */
  @Test
  void noSecondFreeBeforeTheDeadlineHandsThePostBack() throws Exception {
    List<Instant> latest = new ArrayList<>();
    SendSlots slots = (webhook, earliest, last, timeLeft) -> {
      latest.add(last);
      return Optional.empty();
    };
    SlackClient shared = new SlackClient(http, ticker, Duration.ofSeconds(1), slots,
        Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));

    DeliveryOutcome delivery = shared.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.RATE_LIMITED);
    assertThat(delivery.retryAfter()).isGreaterThan(Duration.ofSeconds(25));
    assertThat(latest).singleElement().satisfies(l -> assertThat(l).isBefore(Instant.parse("2026-11-29T12:00:30Z"))
        .isAfter(Instant.parse("2026-11-29T12:00:25Z")));
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void waitsRetryAfterOn429ThenDelivers() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("rate_limited").build());
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome delivery = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(ticker.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(slack.getRequestCount()).isEqualTo(2);
  }

  @Test
  void keepsHonouringRetryAfterWhileTimeLasts() throws Exception {
    for (int i = 0; i < 8; i++) {
      slack.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").body("rate_limited").build());
    }
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome delivery = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery.attempts()).isEqualTo(9);
    assertThat(ticker.sleeps()).hasSize(8).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void rateLimitingBeyondTheDeadlineIsRetryable() throws Exception {
    for (int i = 0; i < 20; i++) {
      slack.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").body("rate_limited").build());
    }

    DeliveryOutcome outcome = client.post(webhook(), BODY, deadline(Duration.ofSeconds(9)));

    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.status()).isEqualTo(429);
    assertThat(outcome.slackError()).isEqualTo("rate_limited");
    assertThat(outcome.result()).isEqualTo(DeliveryOutcome.Result.RATE_LIMITED);
    assertThat(outcome.retryable()).isTrue();
    assertThat(slack.getRequestCount()).as("at 0, 2, 4, 6 and 8 s").isEqualTo(5);
  }

  @Test
  void aRetryAfterLongerThanTheTimeLeftGivesUpAtOnceAsRateLimitedWithTheWait() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").body("rate_limited").build());

    DeliveryOutcome outcome = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(outcome).isEqualTo(DeliveryOutcome.rateLimited(1, Duration.ofSeconds(120)));
    assertThat(outcome.retryable()).isTrue();
    assertThat(ticker.sleeps()).isEmpty();
    assertThat(slack.getRequestCount()).isEqualTo(1);
  }

  /** Slack's hold is honoured by later posts too, which say so (and how long) instead of "deadline". */
  @Test
  void anHourLongRetryAfterHandsLaterPostsBackAsRateLimitedWithoutAnAttempt() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").body("rate_limited").build());
    client.post(webhook(), BODY, deadline(Duration.ofSeconds(50)));
    ticker.advance(Duration.ofMinutes(10));

    DeliveryOutcome later = client.post(webhook(), BODY, deadline(Duration.ofSeconds(50)));

    assertThat(later.result()).isEqualTo(DeliveryOutcome.Result.RATE_LIMITED);
    assertThat(later.attempts()).isZero();
    assertThat(later.retryAfter()).isEqualTo(Duration.ofMinutes(50));
    assertThat(slack.getRequestCount()).as("no request while Slack asked to wait").isEqualTo(1);
  }

  @Test
  void retries500WithGrowingJitteredBackoffUntilItGivesUp() throws Exception {
    for (int i = 0; i < SlackClient.MAX_ATTEMPTS; i++) {
      slack.enqueue(response(500, "internal_error"));
    }

    DeliveryOutcome outcome = client.post(webhook(), BODY, deadline(Duration.ofMinutes(5)));

    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.status()).isEqualTo(500);
    assertThat(outcome.slackError()).isEqualTo("internal_error");
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.attempts()).isEqualTo(SlackClient.MAX_ATTEMPTS);
    assertThat(slack.getRequestCount()).isEqualTo(SlackClient.MAX_ATTEMPTS);
    assertThat(ticker.sleeps()).hasSize(SlackClient.MAX_ATTEMPTS - 1);
    for (int i = 0; i < ticker.sleeps().size(); i++) {
      long bound = SlackClient.BACKOFF.bound(i + 1).toMillis();
      assertThat(ticker.sleeps().get(i).toMillis()).isBetween(Math.max(1000, bound / 4), Math.max(1000, bound));
    }
  }

  @Test
  void retries503ThenDelivers() throws Exception {
    slack.enqueue(response(503, "service_unavailable"));
    slack.enqueue(response(200, "ok"));

    assertThat(client.post(webhook(), BODY, deadline(Duration.ofSeconds(30))).attempts()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "400, invalid_blocks",
      "400, invalid_payload",
      "403, action_prohibited",
      "404, no_service",
      "410, channel_is_archived"})
  void otherClientErrorsArePermanentAndNotRetried(int status, String error) throws Exception {
    slack.enqueue(response(status, error));
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome outcome = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.status()).isEqualTo(status);
    assertThat(outcome.slackError()).isEqualTo(error);
    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.toString()).doesNotContain("secret").doesNotContain(slack.getHostName() + ":");
    assertThat(slack.getRequestCount()).isEqualTo(1);
  }

  /**
   * Slack took the whole request and answered after the read timeout: it may well have posted the message,
   * so it is not sent again here (the caller may allow one more copy, remembering this one).
   */
  @Test
  void anAnswerLaterThanTheReadTimeoutIsNotSentAgainButReportedAsSentUnanswered() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").headersDelay(2, TimeUnit.SECONDS).build());
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome delivery = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery).isEqualTo(DeliveryOutcome.sentUnanswered("timeout_after_send", 1));
    assertThat(delivery.retryable()).isTrue();
    assertThat(slack.getRequestCount()).as("one copy only").isEqualTo(1);
    assertThat(slack.takeRequest().getBody().utf8()).as("the whole request went out").isEqualTo("{\"text\":\"hello\"}");
  }

  @Test
  void aNewConnectionClosedAfterTheRequestWentOutIsSentUnanswered() throws Exception {
    slack.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome delivery = client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.SENT_UNANSWERED);
    assertThat(delivery.slackError()).isEqualTo("closed_after_send");
    assertThat(slack.getRequestCount()).isEqualTo(1);
  }

  /** Nothing reached Slack (no connection could be made): safe to try again, with backoff. */
  @Test
  void aConnectionThatCannotBeMadeIsRetriedWithBackoff() throws Exception {
    java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    int port = closed.getLocalPort();
    closed.close();

    DeliveryOutcome delivery = client.post(Webhook.of("http://127.0.0.1:" + port + "/services/T0/B0/secret"), BODY,
        deadline(Duration.ofSeconds(120)));

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.UNAVAILABLE);
    assertThat(delivery.slackError()).isEqualTo("ConnectException");
    assertThat(delivery.attempts()).isEqualTo(SlackClient.MAX_ATTEMPTS);
    assertThat(ticker.sleeps()).hasSize(SlackClient.MAX_ATTEMPTS - 1);
  }

  @Test
  void aDeadlineNearlySpentMakesNoAttemptAndIsRetryable() throws Exception {
    slack.enqueue(response(200, "ok"));

    DeliveryOutcome outcome = client.post(webhook(), BODY, deadline(Duration.ofMillis(300)));

    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.attempts()).isZero();
    assertThat(outcome.slackError()).isEqualTo("deadline");
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void retriesStopWhenTheDeadlineComes() throws Exception {
    for (int i = 0; i < SlackClient.MAX_ATTEMPTS; i++) {
      slack.enqueue(response(502, "bad_gateway"));
    }

    DeliveryOutcome outcome = client.post(webhook(), BODY, deadline(Duration.ofMillis(1800)));

    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.retryable()).isTrue();
    assertThat(slack.getRequestCount()).isLessThan(SlackClient.MAX_ATTEMPTS);
  }

  @Test
  void postsToOneWebhookArePacedOnePerInterval() throws Exception {
    slack.enqueue(response(200, "ok"));
    slack.enqueue(response(200, "ok"));
    slack.enqueue(response(200, "ok"));

    for (int i = 0; i < 3; i++) {
      client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));
    }

    assertThat(ticker.sleeps()).hasSize(2).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(1)));
  }

  @Test
  void a429HoldsBackTheNextPostToThatWebhook() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());
    slack.enqueue(response(200, "ok"));

    client.post(webhook(), BODY, deadline(Duration.ofSeconds(30)));

    assertThat(ticker.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @CsvSource(value = {"5, PT5S", "0, PT0S", "-3, PT1S", "soon, PT1S", "NULL, PT1S", "99999, PT1H"}, nullValues = "NULL")
  void readsRetryAfter(String header, Duration expected) {
    assertThat(SlackClient.retryAfter(header)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(value = {"invalid_blocks, invalid_blocks", "'<html>oops</html>', _html_oops__html_", "'', http_400"})
  void slackErrorsAreReducedToSafeTokens(String body, String expected) {
    assertThat(SlackClient.slackError(body, 400)).isEqualTo(expected);
  }
}
