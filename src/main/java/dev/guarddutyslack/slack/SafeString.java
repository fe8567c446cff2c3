package dev.guarddutyslack.slack;

/**
 * What {@link Mrkdwn} and {@link Plain} have in common: text that is already safe for its kind of text object,
 * compared by kind and content. Only this package makes one.
 */
abstract class SafeString {
  final String text;

  SafeString(String text) {
    this.text = text;
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }

  public int length() {
    return text.length();
  }

  /** The safe text, for the message writer and tests. */
  @Override
  public final String toString() {
    return text;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && ((SafeString) other).text.equals(text);
  }

  @Override
  public final int hashCode() {
    return text.hashCode();
  }
}
