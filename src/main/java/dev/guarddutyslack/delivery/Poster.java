package dev.guarddutyslack.delivery;

import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.webhooks.Address;

/** Posts a message to a webhook or a channel, applying the delivery rules within a deadline. */
@FunctionalInterface
public interface Poster {
  /**
   * @param json the message, serialised
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  DeliveryOutcome post(Address address, byte[] json, Deadline deadline) throws InterruptedException;
}
