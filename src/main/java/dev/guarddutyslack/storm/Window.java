package dev.guarddutyslack.storm;

import dev.guarddutyslack.aws.StateTable;
import java.time.Duration;
import java.time.Instant;

/**
 * One destination's window: a fixed slice of time, a whole number of windows since the epoch, so that every
 * copy of the function puts a moment in the same window without asking anyone.
 */
public record Window(String destination, Instant start, Duration length) {

  /** The window of {@code length} that holds {@code now}. */
  public static Window containing(String destination, Instant now, Duration length) {
    long seconds = length.toSeconds();
    return new Window(destination, Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds),
        length);
  }

  public Instant end() {
    return start.plus(length);
  }

  public long minutes() {
    return length.toMinutes();
  }

  /** Its record in the state table: {@code storm#HIGH#2026-11-29T10:05:00Z#5}. */
  public String key() {
    return StateTable.window(destination, start, minutes());
  }
}
