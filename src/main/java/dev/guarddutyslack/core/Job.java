package dev.guarddutyslack.core;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.Mention;
import dev.guarddutyslack.webhooks.Address;
import java.util.List;
import java.util.Optional;

/**
 * One message to post: which input it is (by position, so that outcomes keep the input order), the finding
 * and its band, where it goes, and how it was routed (for the log). A finding the rules send to two
 * destinations is two jobs.
 */
record Job(int index, Input input, Finding finding, Severity band, Target target, Outcome.Routed routed) {

  /**
   * Where a message goes.
   *
   * @param destination the destination's name ({@code HIGH}, {@code ONCALL})
   * @param ownRecord whether deduplication keeps a record for this destination of its own: true for a rule's
   *     destination other than the band's channel
   * @param mentions who the message calls for, from the rules that sent it here
   */
  record Target(String destination, Address address, boolean ownRecord, List<Mention> mentions) {
    Target {
      mentions = List.copyOf(mentions);
    }

    /** The destination as the deduplication record knows it: empty for the band's channel. */
    Optional<String> record() {
      return ownRecord ? Optional.of(destination) : Optional.empty();
    }
  }
}
