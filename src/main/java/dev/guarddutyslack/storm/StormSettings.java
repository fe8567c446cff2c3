package dev.guarddutyslack.storm;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.guardduty.Severity;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
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
  public static final String THRESHOLD = "STORM_THRESHOLD";
  public static final String WINDOW = "STORM_WINDOW";
  public static final String DIGEST_BANDS = "DIGEST_BANDS";
  public static final String DIGEST_WINDOW = "DIGEST_WINDOW";
  public static final String TABLE = "STORM_TABLE";
  public static final String QUEUE_URL = "DIGEST_QUEUE_URL";
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

  /**
   * @throws ConfigException naming the variable that is wrong
   */
  public static StormSettings from(Env env) {
    int threshold = env.wholeNumber(THRESHOLD, "must be a whole number from 0 (no storm guard) to 9999")
        .orElse(DEFAULT_THRESHOLD);
    Duration window = env.minutes(WINDOW, Duration.ofMinutes(60), false, "whole minutes from PT1M to PT60M")
        .orElse(DEFAULT_WINDOW);
    Duration digestWindow = env.minutes(DIGEST_WINDOW, Duration.ofHours(24), true,
        "whole minutes or hours from PT1M to PT24H").orElse(DEFAULT_DIGEST_WINDOW);
    Set<Severity> bands = EnumSet.noneOf(Severity.class);
    for (String band : env.get(DIGEST_BANDS).orElse("").split(",")) {
      String name = band.trim().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals(Severity.CRITICAL.key())) {
        throw new ConfigException(DIGEST_BANDS + " cannot hold CRITICAL: a CRITICAL finding is always posted at once");
      }
      if (!Severity.keys().contains(name)) {
        throw new ConfigException(DIGEST_BANDS + " must list bands among LOW, MEDIUM and HIGH, separated by commas");
      }
      bands.add(Severity.valueOf(name));
    }
    StormSettings settings = new StormSettings(threshold, window, bands, digestWindow, env.get(TABLE),
        env.get(QUEUE_URL));
    if (!bands.isEmpty() && !settings.possible()) {
      throw new ConfigException(DIGEST_BANDS + " needs " + TABLE + " and " + QUEUE_URL + " (the stack sets them): a"
          + " digest is built from the table and sent by a message to the queue");
    }
    return settings;
  }
}
