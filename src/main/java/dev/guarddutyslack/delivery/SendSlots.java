package dev.guarddutyslack.delivery;

import dev.guarddutyslack.webhooks.Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One post per second per webhook across every copy of the function: each copy paces its own posts, and with
 * two copies (or the urgent and the regular queue) sharing a webhook their posts together would outrun Slack's
 * one a second. A copy reserves the second it posts in; no two copies get the same one.
 */
public interface SendSlots {
  /** No sharing: each copy's own pacing only. */
  SendSlots NONE = (address, earliest, latest, timeLeft) -> Optional.of(earliest);

  /**
   * Reserves the first free second from {@code earliest} to {@code latest} for a post to {@code address}. No
   * second past {@code latest} is taken: a post that cannot wait that long leaves it to another.
   *
   * @return when the post may start; empty when no second is free by {@code latest}; {@code earliest} itself when
   *     the slots cannot be asked (the copy's own pacing still holds)
   */
  Optional<Instant> reserve(Address address, Instant earliest, Instant latest, Duration timeLeft);
}
