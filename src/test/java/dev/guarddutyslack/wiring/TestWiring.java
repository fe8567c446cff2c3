package dev.guarddutyslack.wiring;

import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.storm.DigestScheduler;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.WebhookSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * The one door from the test packages to {@link NotifierWiring}'s package-private builder, so that a test builds the
 * handler as production does, with its own time, HTTP client, gate, webhook source and sinks. It lives in the
 * test sources: nothing in the main code is public for tests.
 */
public final class TestWiring {
  private final NotifierWiring.Builder builder;

  private TestWiring(Map<String, String> env) {
    builder = NotifierWiring.builder(env);
  }

  /** Production's choices for {@code env}, until a setter overrides one. */
  public static TestWiring of(Map<String, String> env) {
    return new TestWiring(env);
  }

  public TestWiring ticker(Ticker value) {
    builder.ticker = value;
    return this;
  }

  public TestWiring http(OkHttpClient value) {
    builder.http = value;
    return this;
  }

  public TestWiring slackInterval(Duration value) {
    builder.slackInterval = value;
    return this;
  }

  public TestWiring gate(NotificationGate value) {
    builder.gate = value;
    return this;
  }

  public TestWiring webhookSource(WebhookSource value) {
    builder.webhookSource = value;
    return this;
  }

  public TestWiring log(Consumer<String> value) {
    builder.log = value;
    return this;
  }

  public TestWiring metrics(Consumer<String> value) {
    builder.metrics = value;
    return this;
  }

  /** The clock the storm guard's windows and the rules' end dates are read from. */
  public TestWiring clock(Clock value) {
    builder.clock = value;
    return this;
  }

  /** How copies share each webhook's seconds, instead of the stack's table. */
  public TestWiring slots(dev.guarddutyslack.delivery.SendSlots value) {
    builder.slots = value;
    return this;
  }

  /** The storm guard's state and trigger, instead of the stack's table and queue. */
  public TestWiring storm(Ledger ledger, DigestScheduler scheduler) {
    builder.ledger = ledger;
    builder.scheduler = scheduler;
    return this;
  }

  /** The triage function's parts, as production builds them from {@code env}, logging to {@code log}. */
  public static TriageApp triage(Map<String, String> env, Consumer<String> log) {
    return TriageWiring.production(env, log);
  }

  public NotifierApp build() {
    return builder.build();
  }
}
