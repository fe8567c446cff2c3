package dev.guarddutyslack.outcome;

import dev.guarddutyslack.guardduty.ParsedEvent;

/**
 * One input of an invocation.
 *
 * @param id what it is reported by: the SQS message id, or the bare event's id
 * @param event what its event turned out to be
 */
public record Input(String id, ParsedEvent event) {}
