package dev.guarddutyslack.wiring;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.invocation.Visibility;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.snapstart.Lifecycle;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The objects one execution environment of the notifier shares: its settings, the notifier and its parts, SnapStart's checkpoint of this very
 * graph, the log of the environment's life ({@code started}, {@code restored}), the delivery threads, and how a
 * record Slack asked to wait for is kept hidden.
 */
public record NotifierApp(JsonFactory json, NotifierSettings settings, Notifier notifier, Rendering rendering, Ticker ticker,
                          Lifecycle lifecycle, ExecutorService threads, Visibility visibility)
    implements AutoCloseable {
  /** How a finding becomes the bytes posted: the preview shows them without posting. */
  public record Rendering(FindingFormatter formatter, MessageWriter writer) {}

  /** Kept free at the end of an invocation to report what was not delivered. */
  public static final Duration SAFETY_MARGIN = Duration.ofMillis(2500);
  /** Assumed when there is no context to ask (never in Lambda). */
  public static final Duration NO_CONTEXT_TIME = Duration.ofSeconds(60);

  /** The invocation's deadline: its remaining time less a margin to report what was not delivered. */
  public Deadline deadline(Context context) {
    Duration remaining = context == null ? NO_CONTEXT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
    return Deadline.after(ticker, remaining, SAFETY_MARGIN);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
