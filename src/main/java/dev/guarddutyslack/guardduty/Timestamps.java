package dev.guarddutyslack.guardduty;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the many ways GuardDuty data carries a time: ISO-8601 with zone ({@code 2024-01-01T00:00:00.000Z}),
 * without zone and with a space ({@code 2025-02-25 20:40:06.721}, taken as UTC), epoch seconds
 * ({@code 1513612691.551}) and epoch milliseconds.
 */
public final class Timestamps {
  private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();
  private static final DateTimeFormatter DISPLAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final Pattern EPOCH = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  /** Epoch values above this are milliseconds (it is the year 5138 in seconds). */
  private static final long MILLIS_THRESHOLD = 100_000_000_000L;
  /**
   * The times a finding can hold: GuardDuty started in 2017, and nothing is dated past 2200. Anything
   * outside ({@code +999999999-12-31T23:59:59Z}, a forged or broken value) is no time at all, so that no
   * arithmetic on it can overflow.
   */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private Timestamps() {}

  /** The instant the text names, or empty when it names none from {@link #EARLIEST} to {@link #LATEST}. */
  public static Optional<Instant> parse(String text) {
    return parseAny(text).filter(i -> !i.isBefore(EARLIEST) && i.isBefore(LATEST));
  }

  private static Optional<Instant> parseAny(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.trim();
    try {
      if (EPOCH.matcher(value).matches()) {
        return Optional.of(fromEpoch(new BigDecimal(value)));
      }
    } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException ignored) {
      // Not zoned: GuardDuty and its exporters write UTC without a zone.
    }
    try {
      return Optional.of(LocalDateTime.parse(value, LOCAL).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code 2025-02-25 20:40:06 UTC}. */
  public static String display(Instant instant) {
    return DISPLAY.format(instant);
  }

  /** {@code 2025-02-25 20:40:06 UTC} for a parsable time, the text itself otherwise. */
  public static String display(String text) {
    return parse(text).map(DISPLAY::format).orElse(text);
  }

  private static Instant fromEpoch(BigDecimal epoch) {
    if (epoch.abs().compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) >= 0) {
      // Exact: a value past a long is no time, not a wrapped-around one.
      return Instant.ofEpochMilli(epoch.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    }
    long seconds = epoch.longValue();
    long nanos = epoch.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
