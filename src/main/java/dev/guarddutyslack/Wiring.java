package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.config.Config;
import dev.guarddutyslack.core.Dispatcher;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.observability.DecisionJournal;
import dev.guarddutyslack.observability.DecisionLog;
import dev.guarddutyslack.observability.Metrics;
import dev.guarddutyslack.observability.Version;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.SecretsWebhookSource;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * The one composition root: builds the objects one execution environment shares, from the environment, for
 * production ({@link #production}), the preview on a developer's machine ({@link #local}), and tests, with what
 * they override ({@link #builder}). It composes and does nothing else; nothing else assembles the core.
 */
public final class Wiring {
  /** Kept free at the end of an invocation to report what was not delivered. */
  static final Duration SAFETY_MARGIN = Duration.ofMillis(2500);
  /** Assumed when there is no context to ask (never in Lambda). */
  static final Duration NO_CONTEXT_TIME = Duration.ofSeconds(60);

  private Wiring() {}

  /**
   * The objects one execution environment shares: the notifier and its parts, SnapStart's priming of this very
   * graph, the log of the environment's life ({@code started}, {@code restored}), the delivery threads.
   */
  public record App(JsonFactory json, Notifier notifier, FindingFormatter formatter, MessageWriter writer,
                    Ticker ticker, Priming priming, Consumer<String> lifecycle, ExecutorService threads)
      implements AutoCloseable {

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
    private final Clock clock = Clock.systemUTC();
    private Duration slackInterval = WebhookClient.DEFAULT_MIN_INTERVAL;
    private OkHttpClient http = WebhookClient.newHttpClient();
    private NotificationGate gate;
    private WebhookSource webhookSource;
    private Consumer<String> log = DecisionLog.stdout();
    private Consumer<String> metrics = log;

    private Builder(Config config) {
      this.config = config;
    }

    Builder local() {
      local = true;
      return this;
    }

    Builder ticker(Ticker value) {
      ticker = value;
      return this;
    }

    /** How long posts to one webhook wait for each other (benchmarks set none). */
    Builder slackInterval(Duration value) {
      slackInterval = value;
      return this;
    }

    Builder http(OkHttpClient value) {
      http = value;
      return this;
    }

    Builder gate(NotificationGate value) {
      gate = value;
      return this;
    }

    Builder webhookSource(WebhookSource value) {
      webhookSource = value;
      return this;
    }

    Builder log(Consumer<String> value) {
      log = value;
      return this;
    }

    Builder metrics(Consumer<String> value) {
      metrics = value;
      return this;
    }

    App build() {
      if (!local) {
        config.requireDestination();
      }
      JsonFactory json = new JsonFactory();
      Priming.Detours detours = new Priming.Detours();
      DecisionLog decisionLog = new DecisionLog(json, detours.sink(log));
      DecisionJournal journal = new DecisionJournal(decisionLog, new Metrics(json, detours.sink(metrics), clock));
      WebhookClient client = new WebhookClient(http, ticker, slackInterval);
      Webhooks fromEnvironment = Webhooks.of(config.envWebhookUrls(), config.destinationNames(), Config::variableOf);
      boolean aws = !local && (config.webhooksSecretId().isPresent() || config.dedupTable().isPresent());
      Optional<AwsCredentials> credentials = aws ? Optional.of(new AwsCredentials()) : Optional.empty();
      Optional<SecretsWebhookSource> secrets = !local && webhookSource == null
          ? config.webhooksSecretId().map(id -> new SecretsWebhookSource(id, config.destinationNames(),
              new SecretsManager(awsClient(json, credentials.orElseThrow(), AwsService.SECRETS_MANAGER)), json,
              ticker, SecretsWebhookSource.TTL))
          : Optional.empty();
      Optional<DynamoDbGate> table = !local && gate == null
          ? config.dedupTable().map(name -> new DynamoDbGate(new DynamoDb(name, DynamoDbGate.KEY,
              awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB)), config.renotifyAfter(), clock))
          : Optional.empty();
      FindingFormatter formatter = new FindingFormatter(config.accountNames());
      MessageWriter writer = new MessageWriter(json);
      ExecutorService threads = Dispatcher.threads();
      Dispatcher dispatcher = new Dispatcher(detours.gate(chosenGate(table)), formatter, writer, client, journal,
          threads, ticker);
      Notifier notifier = new Notifier(config.minSeverity(), config.routes(),
          detours.webhooks(chosenSource(secrets, fromEnvironment)), dispatcher, journal, clock);
      Priming priming = new Priming(json, notifier, detours,
          new Priming.Parts(journal, client, credentials, secrets, table));
      return new App(json, notifier, formatter, writer, ticker, priming,
          event -> decisionLog.lifecycle(event, Version.current()), threads);
    }

    /** The test's, else the table's, else one that keeps nothing. */
    private NotificationGate chosenGate(Optional<DynamoDbGate> table) {
      if (gate != null) {
        return gate;
      }
      return table.<NotificationGate>map(t -> t).orElse(NotificationGate.ALWAYS);
    }

    /** The test's, else the secret, else the environment's webhooks. */
    private WebhookSource chosenSource(Optional<SecretsWebhookSource> secrets, Webhooks fromEnvironment) {
      if (webhookSource != null) {
        return webhookSource;
      }
      return secrets.<WebhookSource>map(s -> s).orElse(() -> fromEnvironment);
    }

    /** An AWS service's client, on the Slack client's connection pool. */
    private AwsJsonClient awsClient(JsonFactory json, AwsCredentials credentials, AwsService service) {
      return new AwsJsonClient(http, json, credentials, config.aws(), service, ticker);
    }
  }
}
