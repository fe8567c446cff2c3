package dev.guarddutyslack.observability;

import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Outcome;

/** The core's journal: a decision log line and metric counts for each outcome, metrics flushed per invocation. */
public final class DecisionJournal implements Journal {
  private final DecisionLog log;
  private final Metrics metrics;
  private final java.util.Set<String> problems = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public DecisionJournal(DecisionLog log, Metrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  @Override
  public void record(Outcome outcome) {
    log.write(outcome);
    metrics.count(outcome.decision(), outcome.band().orElse(null));
    if (outcome.decision() == Decision.POSTED) {
      outcome.band().ifPresent(band -> metrics.slackLatency(band, outcome.elapsed().toMillis()));
    }
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void problem(String message) {
    if (problems.add(message)) {
      log.problem(message);
    }
  }

  @Override
  public void hidden(String messageId, java.time.Instant visibleAgainAt) {
    log.hidden(messageId, visibleAgainAt);
  }

  @Override
  public void flush() {
    metrics.flush();
  }
}
