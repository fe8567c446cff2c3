package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.config.Config;
import dev.guarddutyslack.config.SecretsWebhookSource;
import dev.guarddutyslack.config.WebhookSource;
import dev.guarddutyslack.config.Webhooks;
import dev.guarddutyslack.core.Dispatcher;
import dev.guarddutyslack.core.Input;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.core.Outcome;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.Deadline;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.observability.DecisionJournal;
import dev.guarddutyslack.observability.DecisionLog;
import dev.guarddutyslack.observability.Metrics;
import dev.guarddutyslack.slack.MessageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * The one composition root: builds the objects one execution environment shares from the environment,
 * for production ({@link #production}), for the preview on a developer's machine ({@link #local}), and for
 * tests, with what they override ({@link #builder}). Nothing else assembles the core.
 */
public final class Wiring {
  /** Kept free at the end of an invocation to report what was not delivered. */
  static final Duration SAFETY_MARGIN = Duration.ofMillis(2500);
  /** Assumed when there is no context to ask (never in Lambda). */
  static final Duration NO_CONTEXT_TIME = Duration.ofSeconds(60);
  /** One thread per band at most: posts to different webhooks go out together. */
  private static final int DELIVERY_THREADS = 4;
  private static final String PRIMING_EVENT = "/priming-event.json";
  private static final int PRIMING_ROUNDS = 20;
  /** The time each AWS priming request before a snapshot may take. */
  private static final Duration PRIMING_CALL_TIME = Duration.ofSeconds(5);

  private Wiring() {}

  /**
   * The objects one execution environment shares.
   *
   * @param beforeSnapshot primes the hot path and drops connections, credentials and cached secrets (SnapStart)
   * @param threads the delivery threads, stopped by {@link #close()}
   */
  public record App(JsonFactory json, Notifier notifier, Ticker ticker, Runnable beforeSnapshot,
                    ExecutorService threads) implements AutoCloseable {

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

  /** Lambda's: settings from the environment, logs and metrics to stdout, Slack and AWS for real. */
  public static App production(Map<String, String> env) {
    return builder(env).build();
  }

  /**
   * The preview's: webhooks from the environment only (none is fine), no deduplication, no metrics, and
   * decision lines to {@code log}; nothing here reaches AWS.
   */
  static App local(Map<String, String> env, Consumer<String> log) {
    return builder(env).local().log(log).metrics(line -> { }).build();
  }

  static Builder builder(Map<String, String> env) {
    return new Builder(Config.fromEnvironment(env));
  }

  /** Production's choices, each of which a test or the preview may override. */
  static final class Builder {
    private final Config config;
    private boolean local;
    private Ticker ticker = Ticker.SYSTEM;
    private Clock clock = Clock.systemUTC();
    private Duration slackInterval = WebhookClient.DEFAULT_MIN_INTERVAL;
    private OkHttpClient http;
    private NotificationGate gate;
    private WebhookSource webhookSource;
    private Consumer<String> log;
    private Consumer<String> metrics;

    private Builder(Config config) {
      this.config = config;
    }

    Builder local() {
      this.local = true;
      return this;
    }

    Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** How long posts to one webhook wait for each other (benchmarks set none). */
    Builder slackInterval(Duration value) {
      this.slackInterval = value;
      return this;
    }

    Builder http(OkHttpClient value) {
      this.http = value;
      return this;
    }

    Builder gate(NotificationGate value) {
      this.gate = value;
      return this;
    }

    Builder webhookSource(WebhookSource value) {
      this.webhookSource = value;
      return this;
    }

    Builder log(Consumer<String> value) {
      this.log = value;
      return this;
    }

    Builder metrics(Consumer<String> value) {
      this.metrics = value;
      return this;
    }

    App build() {
      if (!local) {
        config.requireDestination();
      }
      JsonFactory json = new JsonFactory();
      Consumer<String> stdout = stdout();
      DecisionJournal journal = new DecisionJournal(new DecisionLog(json, log != null ? log : stdout),
          new Metrics(json, metrics != null ? metrics : stdout, clock));
      OkHttpClient slackHttp = http != null ? http : WebhookClient.newHttpClient();
      WebhookClient client = new WebhookClient(slackHttp, ticker, slackInterval);
      AwsCredentials credentials = new AwsCredentials();
      SecretsWebhookSource secrets = !local && webhookSource == null && config.webhooksSecretId().isPresent()
          ? new SecretsWebhookSource(config.webhooksSecretId().get(),
              aws(slackHttp, json, credentials, AwsService.SECRETS_MANAGER), json, ticker, SecretsWebhookSource.TTL)
          : null;
      Webhooks fromEnv = config.envWebhooks();
      WebhookSource source = webhookSource != null ? webhookSource : secrets != null ? secrets : () -> fromEnv;
      DynamoDbGate table = !local && gate == null && config.dedupTable().isPresent()
          ? new DynamoDbGate(config.dedupTable().get(), aws(slackHttp, json, credentials, AwsService.DYNAMODB), json,
              config.renotifyAfter(), clock)
          : null;
      FindingFormatter formatter = new FindingFormatter(config.accountNames());
      MessageWriter writer = new MessageWriter(json);
      ExecutorService threads = deliveryThreads();
      NotificationGate chosenGate = gate != null ? gate : table != null ? table : NotificationGate.ALWAYS;
      Dispatcher dispatcher = new Dispatcher(chosenGate, formatter, writer, client, journal, threads, ticker);
      Notifier notifier = new Notifier(config.minSeverity(), source, dispatcher, journal);
      Runnable beforeSnapshot = () -> {
        prime(json, formatter, writer, client);
        // A failed priming request only costs speed after restore; it must not fail the snapshot.
        if (secrets != null && !secrets.prime()) {
          journal.warn("SnapStart priming: Secrets Manager did not answer DescribeSecret; restores will be slower");
        }
        if (table != null && !table.prime(PRIMING_CALL_TIME)) {
          journal.warn("SnapStart priming: DynamoDB did not answer the priming request; restores will be slower");
        }
        credentials.forget();
        client.evictConnections();
        source.forget();
      };
      return new App(json, notifier, ticker, beforeSnapshot, threads);
    }

    /** An AWS service's client on the Slack client's connection pool, with the AWS attempt timeout. */
    private AwsJsonClient aws(OkHttpClient slackHttp, JsonFactory json, AwsCredentials credentials,
                              AwsService service) {
      OkHttpClient http = slackHttp.newBuilder()
          .connectTimeout(AwsJsonClient.ATTEMPT_TIMEOUT)
          .readTimeout(AwsJsonClient.ATTEMPT_TIMEOUT)
          .writeTimeout(AwsJsonClient.ATTEMPT_TIMEOUT)
          .callTimeout(AwsJsonClient.ATTEMPT_TIMEOUT)
          .build();
      return new AwsJsonClient(http, json, credentials, config.aws(), service);
    }

    private static Consumer<String> stdout() {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      return out::println;
    }
  }

  /**
   * Runs the hot path once without network, so that a SnapStart snapshot holds loaded and initialised
   * classes: parse a built-in finding, render and serialise it, build (not send) a request, write a
   * decision line nowhere.
   */
  static void prime(JsonFactory json, FindingFormatter formatter, MessageWriter writer, WebhookClient client) {
    try (InputStream in = Wiring.class.getResourceAsStream(PRIMING_EVENT)) {
      if (in == null) {
        throw new IllegalStateException(PRIMING_EVENT + " is missing from the package");
      }
      ParsedEvent.FindingEvent event = (ParsedEvent.FindingEvent) EventParser.parse(JsonTree.read(json, in));
      byte[] body = new byte[0];
      for (int i = 0; i < PRIMING_ROUNDS; i++) {
        body = writer.write(formatter.format(event.finding()));
      }
      client.prime(body);
      new DecisionLog(json, line -> { }).write(Outcome.posted(new Input("priming", event), event.finding(), null,
          DeliveryOutcome.accepted(200, 1), Duration.ZERO));
    } catch (IOException e) {
      throw new UncheckedIOException("priming failed", e);
    }
  }

  private static ExecutorService deliveryThreads() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(DELIVERY_THREADS, r -> {
      Thread t = new Thread(r, "slack-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
