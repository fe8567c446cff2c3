package dev.guarddutyslack.config;

import dev.guarddutyslack.guardduty.Severity;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The storm guard's settings: {@code STORM_THRESHOLD} single messages per destination and
 * {@code STORM_WINDOW} (0: no storm guard); {@code DIGEST_BANDS} never posted singly, only in a digest per
 * {@code DIGEST_WINDOW}; where its state lives ({@code STORM_TABLE}) and where its triggers go
 * ({@code DIGEST_QUEUE_URL}), both set by the stack.
 */
public record StormSettings(int threshold, Duration window, Set<Severity> digestBands, Duration digestWindow,
                            Optional<String> table, Optional<String> queueUrl) {
  public static final int DEFAULT_THRESHOLD = 20;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_DIGEST_WINDOW = Duration.ofHours(1);
  /** No guard at all. */
  public static final StormSettings OFF = new StormSettings(0, DEFAULT_WINDOW, Set.of(), DEFAULT_DIGEST_WINDOW,
      Optional.empty(), Optional.empty());

  public StormSettings {
    digestBands = Set.copyOf(digestBands);
  }

  /** Whether it would hold anything back: a threshold, or bands that only go in digests. */
  public boolean wanted() {
    return threshold > 0 || !digestBands.isEmpty();
  }

  /** Whether it can work: it needs its table and its queue. */
  public boolean possible() {
    return table.isPresent() && queueUrl.isPresent();
  }
}
