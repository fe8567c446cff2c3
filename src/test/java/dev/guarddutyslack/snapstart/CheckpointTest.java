package dev.guarddutyslack.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint's order (rehearse, prime AWS, forget), and that a failure only costs speed: it is a warning, and
 * what follows still runs; forgetting always does.
 */
class CheckpointTest {
  private final List<String> steps = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  /** A rehearsal that posts {@code posts} times to the loopback Slack and expects {@code expected}. */
  private Checkpoint.Rehearsal rehearsal(int posts, int expected, RuntimeException rehearsing, RuntimeException priming) {
    return new Checkpoint.Rehearsal() {
      @Override
      public String path() {
        return "the test path";
      }

      @Override
      public int rehearse(LoopbackSlack slack) {
        steps.add("rehearse");
        for (int i = 0; i < posts; i++) {
          assertThat(post(slack.url("/services/rehearsal"))).isEqualTo("200 ok");
        }
        if (rehearsing != null) {
          throw rehearsing;
        }
        return expected;
      }

      @Override
      public void primeAws() {
        steps.add("prime");
        if (priming != null) {
          throw priming;
        }
      }

      @Override
      public void forget() {
        steps.add("forget");
      }
    };
  }

  private static String post(String url) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void rehearsesThenPrimesThenForgets() {
    new Checkpoint(rehearsal(3, 3, null, null), warnings::add).beforeSnapshot();

    assertThat(steps).containsExactly("rehearse", "prime", "forget");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aRehearsalThatReachedSlackLessThanItShouldIsAWarning() {
    new Checkpoint(rehearsal(2, 3, null, null), warnings::add).beforeSnapshot();

    assertThat(warnings).containsExactly("SnapStart priming: the rehearsal of the test path reached Slack 2 of 3"
        + " times; restores will be slower");
    assertThat(steps).containsExactly("rehearse", "prime", "forget");
  }

  @Test
  void aFailedRehearsalOnlyCostsSpeed() {
    new Checkpoint(rehearsal(0, 1, new IllegalStateException("x"), null), warnings::add).beforeSnapshot();

    assertThat(warnings).containsExactly("SnapStart priming of the test path failed (IllegalStateException);"
        + " restores will be slower");
    assertThat(steps).containsExactly("rehearse", "prime", "forget");
  }

  @Test
  void aFailedAwsPrimingOnlyCostsSpeedAndTheCheckpointStillForgets() {
    new Checkpoint(rehearsal(1, 1, null, new IllegalArgumentException("y")), warnings::add).beforeSnapshot();

    assertThat(warnings).containsExactly("SnapStart priming of the AWS requests failed (IllegalArgumentException);"
        + " restores will be slower");
    assertThat(steps).containsExactly("rehearse", "prime", "forget");
  }

  @Test
  void theLoopbackSlackAnswersAsAWebhookDoesAndStopsWhenClosed() {
    String url;
    try (LoopbackSlack slack = LoopbackSlack.start()) {
      url = slack.url("/services/rehearsal");
      assertThat(post(url)).isEqualTo("200 ok");
      assertThat(post(slack.url("/rehearsal/reply"))).isEqualTo("200 ok");
      assertThat(slack.received()).isEqualTo(2);
    }
    assertThat(url).startsWith("http://127.0.0.1:");
    assertThatThrownBy(() -> post(url)).isInstanceOf(AssertionError.class);
  }
}
