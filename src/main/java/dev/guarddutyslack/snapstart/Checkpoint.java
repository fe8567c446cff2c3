package dev.guarddutyslack.snapstart;

import java.util.function.Consumer;

/**
 * What a function's SnapStart checkpoint hook does, in order, so that a restored environment answers its first
 * request fast and holds nothing it must not:
 * <ol>
 *   <li>rehearse: the function's own work, done by the very objects production built, with their edges to the
 *       outside swapped as one for the rehearsal's and Slack on loopback ({@link LoopbackSlack});</li>
 *   <li>prime AWS: requests that read no secret and change nothing, which also tell the operator at once about a
 *       secret or table set up wrong;</li>
 *   <li>forget: credentials, pooled connections and cached secrets, none of which may be in a snapshot.</li>
 * </ol>
 * A failure of the first two only costs speed after a restore: it is logged, and the snapshot goes on. The third
 * always runs.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html">SnapStart runtime hooks</a>
 */
public final class Checkpoint {
  /** One function's part of the checkpoint. */
  public interface Rehearsal {
    /** What it rehearses, for the log ({@code the invocation path}). */
    String path();

    /**
     * Does the function's work against {@code slack}, with production's edges swapped for the rehearsal's and put
     * back after.
     *
     * @return how many requests Slack should have received
     */
    int rehearse(LoopbackSlack slack);

    /** The AWS requests that change nothing; each reports its own failure. */
    void primeAws();

    /** Drops credentials, pooled connections and cached secrets. */
    void forget();
  }

  private final Rehearsal rehearsal;
  private final Consumer<String> warnings;

  public Checkpoint(Rehearsal rehearsal, Consumer<String> warnings) {
    this.rehearsal = rehearsal;
    this.warnings = warnings;
  }

  /** The hook: rehearse, prime AWS, forget. */
  public void beforeSnapshot() {
    try {
      step(rehearsal.path(), this::rehearse);
      step("the AWS requests", rehearsal::primeAws);
    } finally {
      rehearsal.forget();
    }
  }

  private void step(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      warnings.accept("SnapStart priming of " + what + " failed (" + e.getClass().getSimpleName()
          + "); restores will be slower");
    }
  }

  /** @return how many requests Slack received */
  int rehearse() {
    try (LoopbackSlack slack = LoopbackSlack.start()) {
      int expected = rehearsal.rehearse(slack);
      if (slack.received() < expected) {
        warnings.accept("SnapStart priming: the rehearsal of " + rehearsal.path() + " reached Slack "
            + slack.received() + " of " + expected + " times; restores will be slower");
      }
      return slack.received();
    }
  }
}
