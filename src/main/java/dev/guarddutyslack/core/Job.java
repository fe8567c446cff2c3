package dev.guarddutyslack.core;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.outcome.Input;
import dev.guarddutyslack.webhooks.Webhook;

/**
 * A finding to post: which input it is (by position, so that outcomes keep the input order), its band and,
 * once routed, its webhook.
 */
record Job(int index, Input input, Finding finding, Severity band, Webhook webhook) {
  Job to(Webhook destination) {
    return new Job(index, input, finding, band, destination);
  }
}
