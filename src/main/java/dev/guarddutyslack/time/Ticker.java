package dev.guarddutyslack.time;

import java.time.Duration;

/** Monotonic time and sleeping, injectable so that tests can assert waits without waiting. */
public interface Ticker {
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      long millis = duration.toMillis();
      if (millis > 0) {
        Thread.sleep(millis);
      }
    }
  };

  long nanoTime();

  void sleep(Duration duration) throws InterruptedException;
}
