package dev.guarddutyslack.slack;

/**
 * Text for a {@code plain_text} object (a header, a button): made from untrusted text here ({@link #of}), or
 * from the project's own words ({@link #ours}, string literals only, which a test checks).
 */
public final class Plain extends SafeString {
  private Plain(String text) {
    super(text);
  }

  /** Untrusted text: cleaned, on one line, links defanged, at most {@code max} characters. */
  public static Plain of(String untrusted, int max) {
    return new Plain(SafeText.plain(untrusted, max));
  }

  /** The project's own words. Only for string literals: a test checks every call in the sources. */
  public static Plain ours(String literal) {
    return new Plain(literal);
  }

  /** This, then that. */
  public Plain plus(Plain next) {
    return new Plain(text + next.text);
  }
}
