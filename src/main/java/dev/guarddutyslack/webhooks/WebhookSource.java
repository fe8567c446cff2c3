package dev.guarddutyslack.webhooks;

import dev.guarddutyslack.config.StoreUnavailableException;

/**
 * Where the webhooks come from: fixed environment variables locally, a Secrets Manager secret when
 * deployed. Asked on every batch, so a source can refresh what it caches.
 */
@FunctionalInterface
public interface WebhookSource {
  /**
   * @throws ConfigException when the configured webhooks cannot work (permanent until fixed)
   * @throws StoreUnavailableException when they cannot be read right now (worth a retry)
   */
  Webhooks webhooks();

  /** Drops anything cached (before a SnapStart snapshot, for example). */
  default void forget() {}
}
