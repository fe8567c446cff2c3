package dev.guarddutyslack.testing;

import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.storm.DigestScheduler;
import dev.guarddutyslack.storm.HeldFinding;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The storm guard's ledger in memory, with the same contract as the table's (one entry per finding, a
 * conditional count, one digest claim), for unit tests of the core; and a scheduler that records triggers.
 */
public final class MemoryLedger implements Ledger, DigestScheduler {
  private final Map<String, Long> singles = new HashMap<>();
  private final Map<String, Instant> nextSingle = new HashMap<>();
  private final Map<String, Map<String, HeldFinding>> held = new HashMap<>();
  private final Map<String, Boolean> scheduled = new HashMap<>();
  private final Map<String, String> claims = new HashMap<>();
  private final Map<String, Boolean> posted = new HashMap<>();
  private final Map<String, Integer> unanswered = new HashMap<>();
  private final Map<String, Instant> progressAt = new HashMap<>();
  private final Map<String, String> messages = new HashMap<>();
  /** Every trigger scheduled: the window and when it is due. */
  public final List<Map.Entry<Window, Instant>> triggers = new ArrayList<>();
  /** The calls that count or hold, in order: {@code admit}, {@code unadmit}, {@code hold}. */
  public final List<String> calls = new CopyOnWriteArrayList<>();
  /** Admit nothing, as a window that has had all its single messages. */
  public volatile boolean full;
  /** Fail every count, as a table that cannot be reached. */
  public volatile boolean down;

  @Override
  public synchronized Optional<Instant> admit(Window window, long limit, Instant now, Duration timeLeft) {
    if (down) {
      throw new StoreUnavailableException("DynamoDB table t (storm guard): ResourceNotFoundException", true, null);
    }
    calls.add("admit");
    if (full) {
      return Optional.empty();
    }
    long count = singles.getOrDefault(window.key(), 0L);
    if (count >= limit) {
      return Optional.empty();
    }
    singles.put(window.key(), count + 1);
    Instant next = nextSingle.getOrDefault(window.key(), now);
    Instant turn = next.isAfter(now) ? next : now;
    nextSingle.put(window.key(), turn.plusSeconds(1));
    return Optional.of(turn);
  }

  @Override
  public synchronized void unadmit(Window window, Duration timeLeft) {
    calls.add("unadmit");
    singles.merge(window.key(), -1L, Long::sum);
  }

  @Override
  public synchronized void hold(Window window, HeldFinding finding, Duration timeLeft) {
    calls.add("hold");
    held.computeIfAbsent(window.key(), k -> new LinkedHashMap<>())
        .put(finding.id() + "@" + finding.accountId() + "@" + finding.region(), finding);
  }

  @Override
  public synchronized boolean firstToSchedule(Window window, Duration timeLeft) {
    return scheduled.putIfAbsent(window.key(), true) == null;
  }

  @Override
  public synchronized void unschedule(Window window, Duration timeLeft) {
    scheduled.remove(window.key());
  }

  @Override
  public synchronized Optional<Digest> claimDigest(Window window, String claimId, Duration lease, Duration timeLeft) {
    if (posted.containsKey(window.key()) || claims.containsKey(window.key())) {
      return Optional.empty();
    }
    claims.put(window.key(), claimId);
    return Optional.of(new Digest(window, singles.getOrDefault(window.key(), 0L),
        new ArrayList<>(held.getOrDefault(window.key(), Map.of()).values()), 0,
        unanswered.getOrDefault(window.key(), 0), messages.get(window.key())));
  }

  @Override
  public synchronized Optional<Digest> claimProgress(Window window, Instant now, Duration interval,
                                                    Duration timeLeft) {
    Instant last = progressAt.get(window.key());
    if (posted.containsKey(window.key()) || claims.containsKey(window.key())
        || last != null && last.isAfter(now.minus(interval))) {
      return Optional.empty();
    }
    progressAt.put(window.key(), now);
    return Optional.of(new Digest(window, singles.getOrDefault(window.key(), 0L),
        new ArrayList<>(held.getOrDefault(window.key(), Map.of()).values()), 0,
        unanswered.getOrDefault(window.key(), 0), messages.get(window.key())));
  }

  @Override
  public synchronized void progressPosted(Window window, String ts, Duration timeLeft) {
    messages.put(window.key(), ts);
  }

  @Override
  public synchronized void digestPosted(Window window, String claimId, Duration timeLeft) {
    if (claimId.equals(claims.remove(window.key()))) {
      posted.put(window.key(), true);
    }
  }

  @Override
  public synchronized void releaseDigest(Window window, String claimId, Duration timeLeft) {
    claims.remove(window.key(), claimId);
  }

  @Override
  public synchronized void digestUnanswered(Window window, String claimId, Duration timeLeft) {
    if (claims.remove(window.key(), claimId)) {
      unanswered.merge(window.key(), 1, Integer::sum);
    }
  }

  @Override
  public synchronized void schedule(Window window, Instant due, Duration timeLeft) {
    triggers.add(Map.entry(window, due));
  }

  /** Every single message handed on to its turn: its message ({@code SingleTurn}) and when it is due. */
  public final List<Map.Entry<String, Instant>> handedOn = new CopyOnWriteArrayList<>();

  @Override
  public void handOn(Window window, dev.guarddutyslack.guardduty.Finding finding, Instant due, Duration timeLeft) {
    handedOn.add(Map.entry(dev.guarddutyslack.storm.SingleTurn.write(new com.fasterxml.jackson.core.JsonFactory(),
        window, finding), due));
  }

  /** The ids of the findings held in the window, in the order they were held. */
  public synchronized List<String> heldIds(Window window) {
    return held.getOrDefault(window.key(), Map.of()).values().stream().map(HeldFinding::id).toList();
  }

  /** Whether the window's digest trigger is taken to be scheduled. */
  public synchronized boolean scheduled(Window window) {
    return scheduled.containsKey(window.key());
  }

  /** Whether any window has counted a single message. */
  public synchronized boolean countedAny() {
    return !singles.isEmpty();
  }

  public synchronized long singles(Window window) {
    return singles.getOrDefault(window.key(), 0L);
  }

  public synchronized int held(Window window) {
    return held.getOrDefault(window.key(), Map.of()).size();
  }
}
