package dev.guarddutyslack.guardduty;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GuardDuty's severity bands. CRITICAL (9.0 and above) is used by Extended Threat Detection attack
 * sequences; the other bounds are those of the console.
 *
 * @see <a href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html">Findings severity levels</a>
 */
public enum Severity {
  LOW(0.0, "#2EB67D", "Low"),
  MEDIUM(4.0, "#ECB22E", "Medium"),
  HIGH(7.0, "#E8731A", "High"),
  CRITICAL(9.0, "#B30000", "Critical");

  /** A plain decimal: digits, optionally a point and more digits. */
  private static final Set<String> KEYS = keysOf(values());
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,2}(\\.\\d{1,6})?");

  private final double lowerBound;
  private final String colour;
  private final String label;

  Severity(double lowerBound, String colour, String label) {
    this.lowerBound = lowerBound;
    this.colour = colour;
    this.label = label;
  }

  /** The band a numeric severity falls in; anything below 4.0 (even negative) is LOW. */
  public static Severity of(double severity) {
    if (Double.isNaN(severity)) {
      throw new IllegalArgumentException("severity is not a number");
    }
    if (severity >= CRITICAL.lowerBound) {
      return CRITICAL;
    }
    if (severity >= HIGH.lowerBound) {
      return HIGH;
    }
    if (severity >= MEDIUM.lowerBound) {
      return MEDIUM;
    }
    return LOW;
  }

  /**
   * The smallest numeric severity that passes a minimum given as a band name ({@code MEDIUM}, any case) or a
   * plain decimal from 0 to 10 ({@code 5.5}). Nothing else: no exponents, hexadecimal, type suffixes or signs,
   * which {@link Double#parseDouble} would take.
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static double parseMinimum(String text) {
    String trimmed = text.trim();
    for (Severity band : values()) {
      if (band.name().equalsIgnoreCase(trimmed)) {
        return band.lowerBound;
      }
    }
    if (!DECIMAL.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("must be LOW, MEDIUM, HIGH, CRITICAL or a decimal number from 0 to 10");
    }
    double value = Double.parseDouble(trimmed);
    if (value > 10) {
      throw new IllegalArgumentException("must be a decimal number from 0 to 10");
    }
    return value;
  }

  public double lowerBound() {
    return lowerBound;
  }

  /** The attachment colour Slack shows beside the message. */
  public String colour() {
    return colour;
  }

  public String label() {
    return label;
  }

  /** The bands' keys ({@code LOW}, {@code MEDIUM}, {@code HIGH}, {@code CRITICAL}). */
  public static Set<String> keys() {
    return KEYS;
  }

  private static Set<String> keysOf(Severity[] bands) {
    Set<String> keys = new LinkedHashSet<>();
    for (Severity band : bands) {
      keys.add(band.key());
    }
    return Collections.unmodifiableSet(keys);
  }

  /** The key of this band in the webhooks secret and the suffix of its environment variable. */
  public String key() {
    return name().toUpperCase(Locale.ROOT);
  }
}
