package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.Deadline;
import dev.guarddutyslack.delivery.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda entry point. Accepts an SQS batch whose bodies are EventBridge events (the deployed path,
 * answering with the records not delivered) or a bare EventBridge event (a direct rule target or
 * {@code sam local invoke}, failing the invocation when the finding was not delivered).
 *
 * <p>A {@link RequestStreamHandler}, so the project's own {@link ObjectMapper} reads the input instead of
 * Lambda's relocated one.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting">Partial batch responses</a>
 */
public final class FindingHandler implements RequestStreamHandler, Resource {
  /** Kept free at the end of an invocation to report what was not delivered. */
  static final Duration SAFETY_MARGIN = Duration.ofMillis(2500);
  /** Assumed when there is no context to ask (never in Lambda). */
  static final Duration NO_CONTEXT_TIME = Duration.ofSeconds(60);

  private final App app;

  /**
   * Used by Lambda: wires production objects once per execution environment and registers for SnapStart's
   * checkpoint, so the snapshot is primed and holds no connection or secret.
   */
  public FindingHandler() {
    this(App.production(System.getenv()));
    Core.getGlobalContext().register(this);
  }

  /** Used by tests and tools: takes its collaborators. */
  public FindingHandler(App app) {
    this.app = app;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode root;
    try {
      root = app.mapper().readTree(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the input is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the input is not a JSON object");
    }
    List<Notifier.Input> inputs = Notifier.Input.allOf(app.mapper(), root);
    Duration remaining = context == null ? NO_CONTEXT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
    List<Notifier.Outcome> outcomes;
    try {
      outcomes = app.notifier().process(inputs, Deadline.after(app.ticker(), remaining, SAFETY_MARGIN));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while delivering", e);
    }
    if (root.has("Records")) {
      app.mapper().writeValue(output, new SQSBatchResponse(outcomes.stream().filter(o -> !o.done())
          .map(o -> new SQSBatchResponse.BatchItemFailure(o.id())).toList()));
      return;
    }
    Notifier.Outcome outcome = outcomes.get(0);
    if (!outcome.done()) {
      throw new FindingNotDeliveredException("event " + outcome.id() + " was not delivered ("
          + outcome.reason() + "); the invocation fails so that it is retried");
    }
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("id", outcome.id());
    answer.put("decision", outcome.decision().label());
    if (outcome.reason() != null) {
      answer.put("reason", outcome.reason());
    }
    app.mapper().writeValue(output, answer);
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    app.beforeSnapshot().run();
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // Nothing to restore: connections and the webhooks secret are opened and read on first use.
  }

  /** Fails an invocation so that its source retries it. */
  public static final class FindingNotDeliveredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FindingNotDeliveredException(String message) {
      super(message);
    }
  }

  /**
   * The objects one execution environment shares.
   *
   * @param beforeSnapshot primes the hot path and drops connections and cached secrets
   */
  public record App(ObjectMapper mapper, Notifier notifier, Ticker ticker, Runnable beforeSnapshot) {
    static App production(Map<String, String> env) {
      return Wiring.production(env);
    }
  }
}
