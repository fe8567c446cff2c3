package dev.guarddutyslack.config;

/**
 * A store the function depends on (the webhooks secret, the deduplication table) could not answer now; the
 * findings that needed it are retried later. {@code misconfigured} when the store says it is set up wrong (no
 * such secret or table, no permission, a key it may not use), which no retry fixes and the operator must hear
 * of. The message names the store and its error, never a secret's value.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean misconfigured;

  public StoreUnavailableException(String message, boolean misconfigured, Throwable cause) {
    super(message, cause);
    this.misconfigured = misconfigured;
  }

  public boolean misconfigured() {
    return misconfigured;
  }
}
