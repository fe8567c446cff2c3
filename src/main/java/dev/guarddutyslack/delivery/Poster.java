package dev.guarddutyslack.delivery;

import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.webhooks.Address;
import dev.guarddutyslack.webhooks.Channel;

/** Posts a message to a webhook or a channel, applying the delivery rules within a deadline. */
@FunctionalInterface
public interface Poster {
  /**
   * @param json the message, serialised
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  DeliveryOutcome post(Address address, byte[] json, Deadline deadline) throws InterruptedException;

  /**
   * Calls a Web API method on a channel's message ({@code chat.update}), with the same delivery rules as a post.
   * Only a poster that speaks the Web API has it.
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  default DeliveryOutcome call(Channel channel, String method, byte[] json, Deadline deadline)
      throws InterruptedException {
    throw new UnsupportedOperationException("this poster does not call the Web API");
  }
}
