package dev.guarddutyslack.snapstart;

import org.crac.Core;
import org.crac.Resource;

/**
 * What each Lambda entry point shares: its execution environment's life follows SnapStart. It is a CRaC
 * {@link Resource}, so that the snapshot is taken after its {@link Checkpoint} (primed, holding no connection or
 * secret) and a restore is logged.
 */
public abstract class EntryPoint implements Resource {
  private final Lifecycle lifecycle;

  protected EntryPoint(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * For the environment Lambda starts (not for tests and tools): registers with the runtime's CRaC context, which
   * holds it only weakly (the runtime holds the handler), and logs {@code started}.
   */
  protected final void started() {
    Core.getGlobalContext().register(this);
    lifecycle.started();
  }

  @Override
  public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    lifecycle.beforeSnapshot();
  }

  @Override
  public final void afterRestore(org.crac.Context<? extends Resource> context) {
    lifecycle.restored();
  }
}
