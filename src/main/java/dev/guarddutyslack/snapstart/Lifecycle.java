package dev.guarddutyslack.snapstart;

import java.util.function.Consumer;

/**
 * An execution environment's life, as a handler tells it: started, checkpointed for a SnapStart snapshot, restored
 * from one. Each is one log line naming the release, but the checkpoint, which runs the function's {@link Checkpoint}.
 */
public final class Lifecycle {
  private final Checkpoint checkpoint;
  private final Consumer<String> log;

  /** @param log writes the {@code started} and {@code restored} lines ({@code event -> the line}) */
  public Lifecycle(Checkpoint checkpoint, Consumer<String> log) {
    this.checkpoint = checkpoint;
    this.log = log;
  }

  public void started() {
    log.accept("started");
  }

  public void beforeSnapshot() {
    checkpoint.beforeSnapshot();
  }

  /** Connections and secrets are opened and read on first use; only the log is told. */
  public void restored() {
    log.accept("restored");
  }

  /** The checkpoint itself (tests rehearse without the rest of the hook). */
  public Checkpoint checkpoint() {
    return checkpoint;
  }
}
