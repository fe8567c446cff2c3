package dev.guarddutyslack.testing;

import dev.guarddutyslack.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Time that moves only when something sleeps; records every wait. */
public final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleep(Duration duration) {
    if (!duration.isZero()) {
      sleeps.add(duration);
      now.addAndGet(duration.toNanos());
    }
  }

  public void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
