package dev.guarddutyslack.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.testing.FakeTicker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one retry schedule: "full jitter" bounded below by a quarter of the bound, as the AWS Builders' Library
 * describes backoff with jitter.
 *
 * @see <a href="https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/">Timeouts, retries and backoff with jitter</a>
 */
class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));

  @Test
  void theBoundDoublesFromTheBaseUpToTheCap() {
    assertThat(backoff.bound(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.bound(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.bound(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.bound(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.bound(5)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.bound(1_000)).as("no overflow").isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.bound(0)).as("a retry before the first is the first").isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void eachDelayIsBetweenAQuarterOfTheBoundAndTheBoundAndTheyDiffer() {
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      Duration delay = backoff.delay(3);
      assertThat(delay).isBetween(Duration.ofMillis(100), Duration.ofMillis(400));
      seen.add(delay);
    }
    assertThat(seen).as("jittered, so that clients restored from one snapshot do not retry in lockstep")
        .hasSizeGreaterThan(100);
  }

  @Test
  void sleepWaitsOnTheTickerAndNeverPastTheLimit() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();

    backoff.sleep(ticker, 4, Duration.ofSeconds(10));
    backoff.sleep(ticker, 4, Duration.ofMillis(50));

    assertThat(ticker.sleeps()).hasSize(2);
    assertThat(ticker.sleeps().get(0)).isBetween(Duration.ofMillis(200), Duration.ofMillis(800));
    assertThat(ticker.sleeps().get(1)).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void aBackoffNeedsAPositiveBaseNoLargerThanTheCap() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
