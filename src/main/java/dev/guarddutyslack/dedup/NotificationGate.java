package dev.guarddutyslack.dedup;

import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.outcome.PostedMessage;
import dev.guarddutyslack.outcome.PreviousNotification;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a finding is notified now: the seam where deduplication sits. A granted claim is
 * confirmed after the post, or released when the post fails so that the retry can post. Every call is given
 * the time the invocation has left, and neither takes longer nor holds a claim for less.
 */
public interface NotificationGate {
  /** Posts everything; the stateless behaviour. */
  NotificationGate ALWAYS = new NotificationGate() {
    @Override
    public Claim claim(Finding finding, Severity band, Optional<String> destination, Duration timeLeft) {
      return Claim.Granted.first(null);
    }

    @Override
    public void release(Claim.Granted claim, Duration timeLeft) {}
  };

  /**
   * @param destination the destination, when a routing rule sends the finding somewhere other than its band's
   *     channel: each such destination is claimed, confirmed and released on its own. Empty for the band's
   *     channel, whose record is the finding's, as it was before any routing.
   * @param timeLeft how long the invocation may still run; a granted claim is held at least that long
   * @throws StoreUnavailableException when the decision cannot be made now (the finding is retried)
   */
  Claim claim(Finding finding, Severity band, Optional<String> destination, Duration timeLeft);

  /** A claim for the band's channel. */
  default Claim claim(Finding finding, Severity band, Duration timeLeft) {
    return claim(finding, band, Optional.empty(), timeLeft);
  }

  /** Undoes a claim whose post failed, so that the retry can post. */
  void release(Claim.Granted claim, Duration timeLeft);

  /** Records that the claimed notification was posted. */
  default void confirm(Claim.Granted claim, Duration timeLeft) {}

  /**
   * Records that the claimed notification was posted, and the message when the app posted it through the Web
   * API, so that a later update of the finding can find it.
   */
  default void confirm(Claim.Granted claim, Optional<PostedMessage> message, Duration timeLeft) {
    confirm(claim, timeLeft);
  }

  /**
   * Remembers the message the Slack app posted (or last edited) for a finding in a destination: where it is, and
   * what it says (the message as a webhook body would carry it), so that a change made in the console can edit it
   * without the finding at hand. A gate that keeps nothing remembers nothing.
   */
  default void remember(String region, String findingId, String destination, PostedMessage message, String body,
                        Duration timeLeft) {}

  /**
   * The messages remembered for a finding, by destination, among {@code destinations}.
   *
   * @throws StoreUnavailableException when they cannot be read now
   */
  default java.util.Map<String, LivingMessage> messages(String region, String findingId,
                                                        java.util.Collection<String> destinations, Duration timeLeft) {
    return java.util.Map.of();
  }

  /** Gives back an edit claim whose edit failed, so that a retry of the update edits again. */
  default void releaseEdit(Claim.Edit edit, Duration timeLeft) {}

  /** What an edit claim recorded, to give it back. */
  record EditToken(String key, long previousUpdatedAtMs, long updatedAtMs, Long previousEditedAt) {}

  /** A finding's message in one destination, as remembered: where it is, and its body. */
  record LivingMessage(PostedMessage message, String body) {}

  /**
   * Records that the claimed notification was sent and Slack did not answer, and gives the claim up: the
   * retry knows how many such copies went out ({@link Claim.Granted#unanswered}). A gate that keeps nothing
   * cannot count them.
   */
  default void unanswered(Claim.Granted claim, Duration timeLeft) {
    release(claim, timeLeft);
  }

  /** The answer to a claim. */
  sealed interface Claim {
    /**
     * Post now.
     *
     * @param previous the notification already made, when this one is a re-notification
     * @param token what the gate needs to confirm or release the claim; null for a gate that keeps nothing
     * @param unanswered how many copies of this very update were sent before with no answer from Slack
     */
    record Granted(Optional<PreviousNotification> previous, ClaimToken token, int unanswered) implements Claim {
      public static Granted first(ClaimToken token) {
        return new Granted(Optional.empty(), token, 0);
      }
    }

    /** Do not post: notified already (a redelivery, an update inside the window, or an older update). */
    record Refused(String reason) implements Claim {}

    /**
     * App mode: an update inside the re-notification window, newer than the one the app's message shows: edit the
     * message in place, without a new line in the channel.
     *
     * @param previous the notification whose message is edited
     */
    record Edit(PreviousNotification previous, EditToken token) implements Claim {}

    /** Another invocation is notifying this finding right now; try again later, do not acknowledge. */
    record Busy(String reason) implements Claim {}
  }


  /**
   * A claim held in a gate's store: the item's key, the claim's own id, and what confirming it records.
   *
   * @param previouslyNotified whether the item recorded an earlier notification (a release keeps it)
   */
  record ClaimToken(String key, String claimId, Severity band, long updatedAtMs, Long count,
                    boolean previouslyNotified, Double severity) {

    /** A token without the finding's severity (which the record keeps for the next update's reply). */
    public ClaimToken(String key, String claimId, Severity band, long updatedAtMs, Long count,
                      boolean previouslyNotified) {
      this(key, claimId, band, updatedAtMs, count, previouslyNotified, null);
    }
  }
}
