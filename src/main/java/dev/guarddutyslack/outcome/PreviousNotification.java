package dev.guarddutyslack.outcome;

import dev.guarddutyslack.guardduty.Severity;
import java.time.Instant;

/**
 * The message posted earlier for a finding, which a re-notification follows: the deduplication gate
 * remembers it, the formatter says why the finding comes again.
 *
 * @param band the band it was posted in
 * @param notifiedAt when it was posted
 * @param message the message, when the app posted it through the Web API (a webhook's is not named)
 * @param severity the finding's severity then, when the record kept it (null before app mode kept it)
 * @param count how often GuardDuty had seen the activity then ({@code service.count}), when known
 */
public record PreviousNotification(Severity band, Instant notifiedAt, java.util.Optional<PostedMessage> message,
                                   Double severity, Long count) {

  /** A notification whose message is not known (posted to a webhook). */
  public PreviousNotification(Severity band, Instant notifiedAt) {
    this(band, notifiedAt, java.util.Optional.empty(), null, null);
  }
}
