package dev.guarddutyslack.core;

import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Delivers routed findings: for each finding and destination, claim it (deduplication) and admit it past the
 * storm guard, all of a destination's first; then format and serialise each message, post it, and confirm the
 * claim, or release it when the post failed so that the retry can post to that destination alone. Posts to one
 * webhook or channel go one after another in input order (Slack paces each); different ones are served at
 * the same time, so that one band's rate limit does not hold up another's.
 */
public final class Dispatcher {
  /** One thread per band: posts to different webhooks go out together. */
  private static final int DELIVERY_THREADS = 4;

  private final MessageWriter writer;
  private final ExecutorService executor;
  private final Ticker ticker;

  /** The threads that serve the webhooks' queues: one per band, so that every band is served at once. */
  public static ExecutorService threads() {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return java.util.concurrent.Executors.newFixedThreadPool(DELIVERY_THREADS, r -> {
      Thread t = new Thread(r, "slack-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** @param executor runs one webhook's queue at a time ({@link #threads()}) */
  public Dispatcher(MessageWriter writer, ExecutorService executor, Ticker ticker) {
    this.writer = writer;
    this.executor = executor;
    this.ticker = ticker;
  }

  /**
   * @param edges the gate that claims each finding, the storm guard that counts what goes out singly per
   *     destination and window (and holds back the rest), the formatter, the poster and the journal
   * @return each job's outcome
   */
  Map<Job, Outcome> dispatch(List<Job> jobs, Edges edges, Deadline deadline) throws InterruptedException {
    Map<Address, List<Job>> byAddress = new LinkedHashMap<>();
    for (Job job : jobs) {
      byAddress.computeIfAbsent(job.target().address(), k -> new ArrayList<>()).add(job);
    }
    Map<Job, Outcome> outcomes = new ConcurrentHashMap<>();
    List<Future<?>> running = new ArrayList<>();
    for (List<Job> queue : byAddress.values()) {
      running.add(executor.submit(() -> {
        // The findings of the queue are claimed and admitted ahead of their posts: a single message whose turn at
        // Slack's pace is far off is handed on at once, not after the posts before it, and held ones are done
        // with at once. A finding that comes again in the queue (an update) waits for the posts before it, so
        // that it finds its first message notified, as it would in the next batch.
        List<Map.Entry<Job, Attempt>> toPost = new ArrayList<>();
        Set<String> findings = new HashSet<>();
        try {
          for (Job job : queue) {
            String finding = job.finding().id() + "@" + job.finding().accountId() + "@" + job.finding().region();
            if (!findings.add(finding)) {
              post(toPost, edges, outcomes);
              findings.clear();
              findings.add(finding);
            }
            Attempt attempt = new Attempt(job, edges, deadline, writer, ticker);
            Optional<Outcome> early = attempt.prepare();
            if (early.isPresent()) {
              settled(job, early.get(), edges, outcomes);
            } else {
              toPost.add(Map.entry(job, attempt));
            }
          }
          post(toPost, edges, outcomes);
        } finally {
          toPost.forEach(e -> e.getValue().abandon());
        }
        return null;
      }));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("delivery failed unexpectedly", e.getCause());
      }
    }
    return outcomes;
  }

  /** Posts the prepared findings in order; each leaves the list as its post starts (what is left is abandoned). */
  private static void post(List<Map.Entry<Job, Attempt>> prepared, Edges edges, Map<Job, Outcome> outcomes)
      throws InterruptedException {
    while (!prepared.isEmpty()) {
      // Out of the list before it posts: a post gives back what it took on any way out, abandoned or not.
      Map.Entry<Job, Attempt> next = prepared.remove(0);
      settled(next.getKey(), next.getValue().post(), edges, outcomes);
    }
  }

  private static void settled(Job job, Outcome outcome, Edges edges, Map<Job, Outcome> outcomes) {
    Outcome routed = outcome.routed(job.routed());
    edges.journal().record(routed);
    outcomes.put(job, routed);
  }
}
