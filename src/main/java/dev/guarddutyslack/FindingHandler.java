package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.guarddutyslack.invocation.Invocation;
import dev.guarddutyslack.invocation.Invocations;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.snapstart.EntryPoint;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.NotifierWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The Lambda entry point: bytes in, the invocation read, the core's decisions, the answer out. A
 * {@link RequestStreamHandler}, so that the project's own mapper reads the input instead of Lambda's
 * relocated one; an {@link EntryPoint} (a CRaC resource), so that a SnapStart snapshot is primed and holds no connection or
 * secret.
 */
public final class FindingHandler extends EntryPoint implements RequestStreamHandler {
  private final NotifierApp app;

  /**
   * Used by Lambda: wires production objects once per execution environment, checks that the routing rules'
   * destinations have webhooks (a rule naming a missing one stops the function here), and says which release
   * runs.
   */
  public FindingHandler() {
    this(NotifierWiring.production(System.getenv()));
    app.notifier().checkDestinations();
    started();
  }

  /** Used by tests and tools. */
  public FindingHandler(NotifierApp app) {
    super(app.lifecycle());
    this.app = app;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Invocation invocation = Invocations.read(app.json(), input);
    List<Outcome> outcomes;
    Deadline deadline = app.deadline(context);
    try {
      outcomes = app.notifier().process(invocation.inputs(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while delivering", e);
    }
    invocation.postpone(outcomes, app.visibility(), deadline.remaining());
    invocation.answer(outcomes, app.json(), output);
  }
}
