package dev.guarddutyslack;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import java.util.Optional;

/**
 * Decides whether a finding is notified now: the seam where deduplication sits. A claim to post is
 * released when the post fails, so that the retry can post.
 */
public interface NotificationGate {
  /** Posts everything; the stateless behaviour. */
  NotificationGate ALWAYS = new NotificationGate() {
    @Override
    public Claim claim(Finding finding, Severity band) {
      return Claim.first();
    }

    @Override
    public void release(Claim claim) {}
  };

  /**
   * @throws RuntimeException when the decision cannot be made now (the finding is retried)
   */
  Claim claim(Finding finding, Severity band);

  /** Undoes a claim whose post failed, so that the retry can post. */
  void release(Claim claim);

  /** Records that the claimed notification was posted. */
  default void confirm(Claim claim) {}

  /**
   * @param post whether to post
   * @param reason why, for the decision log (null for a plain first notification)
   * @param notice a line (safe mrkdwn) the message shows, for a re-notification
   * @param token what {@link #release} needs to undo the claim
   */
  record Claim(boolean post, String reason, Optional<String> notice, Object token) {
    public static Claim first() {
      return new Claim(true, null, Optional.empty(), null);
    }

    public static Claim suppress(String reason) {
      return new Claim(false, reason, Optional.empty(), null);
    }
  }
}
