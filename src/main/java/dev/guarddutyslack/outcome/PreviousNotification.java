package dev.guarddutyslack.outcome;

import dev.guarddutyslack.guardduty.Severity;
import java.time.Instant;

/**
 * The message posted earlier for a finding, which a re-notification follows: the deduplication gate
 * remembers it, the formatter says why the finding comes again.
 *
 * @param band the band it was posted in
 * @param notifiedAt when it was posted
 */
public record PreviousNotification(Severity band, Instant notifiedAt) {}
