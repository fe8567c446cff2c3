package dev.guarddutyslack.storm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The storm guard's durable memory, shared by every copy of the function: per destination and window, how
 * many findings were posted singly, which were held back for the digest, whether its trigger was sent, and
 * whether the digest was posted. Every call is given the time the invocation has left.
 */
public interface Ledger {
  /**
   * No table: nothing is counted or kept, so every message may go out singly, no digest is ever due, and holding a
   * finding back is a mistake (it would be lost), refused loudly.
   */
  Ledger NONE = new Ledger() {
    @Override
    public Optional<Instant> admit(Window window, long limit, Instant now, Duration timeLeft) {
      return Optional.of(now);
    }

    @Override
    public void unadmit(Window window, Duration timeLeft) {
    }

    @Override
    public void hold(Window window, HeldFinding finding, Duration timeLeft) {
      throw new IllegalStateException("no state table: a finding cannot be held back");
    }

    @Override
    public boolean firstToSchedule(Window window, Duration timeLeft) {
      return false;
    }

    @Override
    public void unschedule(Window window, Duration timeLeft) {
    }

    @Override
    public Optional<Digest> claimDigest(Window window, String claimId, Duration lease, Duration timeLeft) {
      return Optional.empty();
    }

    @Override
    public void digestPosted(Window window, String claimId, Duration timeLeft) {
    }

    @Override
    public void releaseDigest(Window window, String claimId, Duration timeLeft) {
    }

    @Override
    public void digestUnanswered(Window window, String claimId, Duration timeLeft) {
    }
  };

  /**
   * Counts one more single message in the window if it has had fewer than {@code limit}.
   *
   * @param now when it is counted: the window's first single message sets the window's pace
   * @return when its turn comes at Slack's pace of one message a second (the window's first single message, plus a
   *     second for each counted before it); empty when it may not be posted singly
   */
  Optional<Instant> admit(Window window, long limit, Instant now, Duration timeLeft);

  /** Takes back an admission whose post failed, so that the window counts what Slack got. */
  void unadmit(Window window, Duration timeLeft);

  /** Holds the finding back for the window's digest; holding the same finding again changes nothing. */
  void hold(Window window, HeldFinding finding, Duration timeLeft);

  /** Whether the window's digest trigger is still to be sent: true for the first caller only. */
  boolean firstToSchedule(Window window, Duration timeLeft);

  /** Forgets that the trigger was sent, when sending it failed. */
  void unschedule(Window window, Duration timeLeft);

  /**
   * Takes the window's digest for posting: empty when it was posted already, or another copy is posting it.
   *
   * @param lease how long the claim holds if its holder dies
   */
  Optional<Digest> claimDigest(Window window, String claimId, Duration lease, Duration timeLeft);

  /** Records that the claimed digest was posted: no trigger posts it again. */
  void digestPosted(Window window, String claimId, Duration timeLeft);

  /** Gives up the claim after a failed post, so that the retry can post. */
  void releaseDigest(Window window, String claimId, Duration timeLeft);

  /**
   * Gives up the claim after a post that Slack took and did not answer, counting that copy: the retry knows how
   * many such copies went out ({@link Digest#unanswered}).
   */
  void digestUnanswered(Window window, String claimId, Duration timeLeft);

  /**
   * App mode: takes the open window's digest-so-far for bringing its message up to date, at most once per
   * {@code interval} across every copy, and never while the digest itself is being posted or after it was. No lease is
   * taken: the window's own digest is never held up by it.
   *
   * @return the digest so far, with the message's {@code ts} when one was posted; empty when it is not this copy's turn
   */
  default Optional<Digest> claimProgress(Window window, Instant now, Duration interval, Duration timeLeft) {
    return Optional.empty();
  }

  /** App mode: the message that shows the window's digest so far, which the digest itself then replaces. */
  default void progressPosted(Window window, String ts, Duration timeLeft) {}

  /**
   * What a digest says: its window, the findings posted singly in it and those held back.
   *
   * @param singles how many findings went out singly in the window
   * @param unlisted how many more were held back than the window's store could list (counted, not listed)
   * @param unanswered how many copies of this digest were sent before with no answer from Slack
   * @param messageTs app mode: the {@code ts} of the message that has shown the digest so far, or null
   */
  record Digest(Window window, long singles, List<HeldFinding> held, long unlisted, int unanswered,
                String messageTs) {
    public Digest {
      held = List.copyOf(held);
    }

    public Digest(Window window, long singles, List<HeldFinding> held, long unlisted, int unanswered) {
      this(window, singles, held, unlisted, unanswered, null);
    }

    /** A digest with every held finding listed, never sent before. */
    public Digest(Window window, long singles, List<HeldFinding> held) {
      this(window, singles, held, 0, 0);
    }

    /** Every finding of the window: posted singly, listed, and held back beyond the list. */
    public long total() {
      return singles + held.size() + unlisted;
    }
  }
}
