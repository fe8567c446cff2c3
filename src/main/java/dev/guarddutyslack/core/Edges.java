package dev.guarddutyslack.core;

import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.Poster;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.webhooks.WebhookSource;

/**
 * The notifier's edges to the outside world, in one record so that SnapStart's rehearsal swaps them all at once
 * ({@link Notifier#with}) and production's code runs untouched: where the webhooks are read, the deduplication
 * gate, the storm guard (its ledger and digest triggers), the poster, the formatter (for the key it signs triage
 * buttons with), and the journal that logs and counts.
 */
public record Edges(WebhookSource webhooks, NotificationGate gate, StormGuard storm, Poster poster,
                    FindingFormatter formatter, Journal journal) {}
