package dev.guarddutyslack.invocation;

/** Fails an invocation so that its source retries it. */
public final class FindingNotDeliveredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FindingNotDeliveredException(String message) {
    super(message);
  }
}
