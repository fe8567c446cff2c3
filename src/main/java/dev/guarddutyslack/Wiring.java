package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.guarddutyslack.guardduty.Json;
import dev.guarddutyslack.guardduty.ParsedEvent;
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
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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
  /**
   * Time limits for every AWS call, well inside the function's timeout: a call, retries included, gives up
   * after {@link #AWS_CALL_TIMEOUT} (DynamoDB calls ask for less when the invocation has less left).
   */
  static final Duration AWS_CALL_TIMEOUT = Duration.ofSeconds(5);
  static final Duration AWS_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration AWS_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private Wiring() {}

  /**
   * The objects one execution environment shares.
   *
   * @param beforeSnapshot primes the hot path and drops connections and cached secrets (SnapStart)
   * @param threads the delivery threads, stopped by {@link #close()}
   */
  public record App(ObjectMapper mapper, EventParser parser, Notifier notifier, Ticker ticker,
                    Runnable beforeSnapshot, ExecutorService threads) implements AutoCloseable {

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
    Builder builder = builder(env).local().log(log).metrics(line -> { });
    return builder.build();
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
      ObjectMapper mapper = Json.newMapper();
      Consumer<String> stdout = stdout();
      DecisionJournal journal = new DecisionJournal(
          new DecisionLog(mapper.getFactory(), log != null ? log : stdout),
          new Metrics(mapper, metrics != null ? metrics : stdout, clock));
      WebhookClient client = new WebhookClient(http != null ? http : WebhookClient.newHttpClient(), ticker,
          WebhookClient.DEFAULT_MIN_INTERVAL);
      WebhookSource source = webhookSource != null ? webhookSource : webhookSource(mapper);
      FindingFormatter formatter = new FindingFormatter(config.accountNames());
      MessageWriter writer = new MessageWriter(mapper);
      EventParser parser = new EventParser(mapper);
      ExecutorService threads = deliveryThreads();
      Dispatcher dispatcher = new Dispatcher(gate != null ? gate : gate(), formatter, writer, client, journal,
          threads, ticker);
      Notifier notifier = new Notifier(config.minSeverity(), source, dispatcher, journal);
      Runnable beforeSnapshot = () -> {
        prime(mapper, parser, formatter, writer, client);
        client.evictConnections();
        source.forget();
      };
      return new App(mapper, parser, notifier, ticker, beforeSnapshot, threads);
    }

    private WebhookSource webhookSource(ObjectMapper mapper) {
      if (!local && config.webhooksSecretId().isPresent()) {
        return new SecretsWebhookSource(config.webhooksSecretId().get(), Wiring::secretsManager, mapper, ticker,
            SecretsWebhookSource.TTL);
      }
      Webhooks fromEnv = config.envWebhooks();
      return () -> fromEnv;
    }

    private NotificationGate gate() {
      if (local || config.dedupTable().isEmpty()) {
        return NotificationGate.ALWAYS;
      }
      return new DynamoDbGate(config.dedupTable().get(), Wiring::dynamoDb, config.renotifyAfter(), clock);
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
  static void prime(ObjectMapper mapper, EventParser parser, FindingFormatter formatter, MessageWriter writer,
                    WebhookClient client) {
    try (InputStream in = Wiring.class.getResourceAsStream(PRIMING_EVENT)) {
      if (in == null) {
        throw new IllegalStateException(PRIMING_EVENT + " is missing from the package");
      }
      ParsedEvent.FindingEvent event = (ParsedEvent.FindingEvent) parser.parse(mapper.readTree(in));
      byte[] body = new byte[0];
      for (int i = 0; i < PRIMING_ROUNDS; i++) {
        body = writer.write(formatter.format(event.finding()));
      }
      client.prime(body);
      new DecisionLog(mapper.getFactory(), line -> { }).write(Outcome.posted(new Input("priming", event),
          event.finding(), null, DeliveryOutcome.accepted(200, 1), Duration.ZERO));
    } catch (IOException e) {
      throw new UncheckedIOException("priming failed", e);
    }
  }

  static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().httpClientBuilder(awsHttp()).overrideConfiguration(Wiring::awsTimeouts).build();
  }

  /**
   * The SDK's default chain finds region, credentials and endpoint (AWS_ENDPOINT_URL in tests); the JDK's
   * URL connection client keeps the package small and starts fast.
   */
  static SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder().httpClientBuilder(awsHttp()).overrideConfiguration(Wiring::awsTimeouts)
        .build();
  }

  private static UrlConnectionHttpClient.Builder awsHttp() {
    return UrlConnectionHttpClient.builder().connectionTimeout(AWS_CONNECT_TIMEOUT).socketTimeout(AWS_ATTEMPT_TIMEOUT);
  }

  private static void awsTimeouts(ClientOverrideConfiguration.Builder b) {
    b.apiCallTimeout(AWS_CALL_TIMEOUT).apiCallAttemptTimeout(AWS_ATTEMPT_TIMEOUT);
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
