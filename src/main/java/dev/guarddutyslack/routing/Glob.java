package dev.guarddutyslack.routing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A pattern where {@code *} matches any run of characters (none included) and every other character matches
 * itself: {@code Recon:*}, {@code *:EC2/*}, {@code prod-*}. Matching walks the parts once, without regular
 * expressions, so that a rule costs little and no pattern can be slow.
 */
public final class Glob {
  /** Characters other glob dialects give a meaning to; here they would silently match only themselves. */
  private static final Pattern FOREIGN = Pattern.compile("[?\\[\\]{}\\\\]");
  static final int MAX_LENGTH = 256;

  private final String pattern;
  private final List<String> parts;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.parts = List.of(pattern.split("\\*", -1));
  }

  /**
   * @throws IllegalArgumentException for an empty pattern, one longer than {@value #MAX_LENGTH}, one with a
   *     control character, or one using {@code ? [ ] { } \} (only {@code *} is special here)
   */
  public static Glob of(String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
    }
    if (pattern.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("holds a control character");
    }
    if (FOREIGN.matcher(pattern).find()) {
      throw new IllegalArgumentException("uses one of ? [ ] { } \\: only * is special, matching any run of"
          + " characters");
    }
    return new Glob(pattern);
  }

  public boolean matches(String text) {
    if (text == null) {
      return false;
    }
    String first = parts.get(0);
    if (parts.size() == 1) {
      return text.equals(first);
    }
    String last = parts.get(parts.size() - 1);
    if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int end = text.length() - last.length();
    for (int i = 1; i < parts.size() - 1; i++) {
      String part = parts.get(i);
      int at = text.indexOf(part, from);
      if (at < 0 || at + part.length() > end) {
        return false;
      }
      from = at + part.length();
    }
    return true;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
