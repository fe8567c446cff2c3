package dev.guarddutyslack.config;

/**
 * Where the webhooks come from: fixed environment variables locally, a Secrets Manager secret when
 * deployed. Asked on every batch, so a source can refresh what it caches.
 */
@FunctionalInterface
public interface WebhookSource {
  /**
   * @throws ConfigException when the configured webhooks cannot work (permanent until fixed)
   * @throws WebhooksUnavailableException when they cannot be read right now (worth a retry)
   */
  Webhooks webhooks();

  /** Drops anything cached (before a SnapStart snapshot, for example). */
  default void forget() {}

  /**
   * Webhooks cannot be read right now; the findings are retried later. {@code misconfigured} when the store
   * says it is set up wrong (no such secret, no permission), which no retry fixes.
   */
  final class WebhooksUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean misconfigured;

    public WebhooksUnavailableException(String message, boolean misconfigured, Throwable cause) {
      super(message, cause);
      this.misconfigured = misconfigured;
    }

    public boolean misconfigured() {
      return misconfigured;
    }
  }
}
