package dev.guarddutyslack.delivery;

import dev.guarddutyslack.webhooks.Address;
import java.time.Duration;
import java.time.Instant;

/**
 * One post per second per webhook across every copy of the function: each copy paces its own posts, and with
 * two copies (or the urgent and the regular queue) sharing a webhook their posts together would outrun Slack's
 * one a second. A copy reserves the second it posts in; no two copies get the same one.
 */
public interface SendSlots {
  /** No sharing: each copy's own pacing only. */
  SendSlots NONE = (address, earliest, timeLeft) -> earliest;

  /**
   * Reserves the first free second at or after {@code earliest} for a post to {@code address}.
   *
   * @return when the post may start; {@code earliest} itself when the slots cannot be asked (the copy's own
   *     pacing still holds)
   */
  Instant reserve(Address address, Instant earliest, Duration timeLeft);
}
