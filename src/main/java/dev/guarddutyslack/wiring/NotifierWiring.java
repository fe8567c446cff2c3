package dev.guarddutyslack.wiring;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.aws.Sqs;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.buttons.ButtonKeySetting;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.core.Digests;
import dev.guarddutyslack.core.Dispatcher;
import dev.guarddutyslack.core.Edges;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.DynamoDbSendSlots;
import dev.guarddutyslack.delivery.SendSlots;
import dev.guarddutyslack.delivery.SlackClient;
import dev.guarddutyslack.format.DigestFormatter;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.invocation.SqsVisibility;
import dev.guarddutyslack.invocation.Visibility;
import dev.guarddutyslack.observability.DecisionJournal;
import dev.guarddutyslack.observability.DecisionLog;
import dev.guarddutyslack.observability.Metrics;
import dev.guarddutyslack.observability.Version;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.snapstart.Checkpoint;
import dev.guarddutyslack.snapstart.Lifecycle;
import dev.guarddutyslack.snapstart.NotifierRehearsal;
import dev.guarddutyslack.storm.DigestScheduler;
import dev.guarddutyslack.storm.DynamoDbLedger;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.SqsDigestScheduler;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.storm.StormSettings;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.SecretsWebhookSource;
import dev.guarddutyslack.webhooks.WebhookSettings;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * The notifier's composition: builds the objects one execution environment shares, from the environment, for
 * production ({@link #production}), the preview on a developer's machine ({@link #local}), and tests, with what
 * they override ({@link #builder}). It composes and does nothing else; nothing outside this package assembles a
 * part of the graph.
 */
public final class NotifierWiring {
  private NotifierWiring() {}

  /** Lambda's: settings from the environment, logs and metrics to stdout, Slack and AWS for real. */
  public static NotifierApp production(Map<String, String> env) {
    return builder(env).build();
  }

  /**
   * The preview's: webhooks from the environment only (none is fine), no deduplication, no metrics, and
   * decision lines to {@code log}; nothing here reaches AWS.
   */
  public static NotifierApp local(Map<String, String> env, Consumer<String> log) {
    Builder builder = builder(env);
    builder.local = true;
    builder.log = log;
    builder.metrics = line -> { };
    return builder.build();
  }

  static Builder builder(Map<String, String> env) {
    return new Builder(NotifierSettings.from(env));
  }

  /**
   * Production's choices; a test (through {@code TestWiring}, in this package), a benchmark or the preview sets
   * a field to override one before {@link #build}.
   */
  static final class Builder {
    private final NotifierSettings settings;
    boolean local;
    Ticker ticker = Ticker.SYSTEM;
    Clock clock = Clock.systemUTC();
    /** How long posts to one webhook wait for each other (benchmarks set none). */
    Duration slackInterval = SlackClient.DEFAULT_MIN_INTERVAL;
    OkHttpClient http = SlackClient.newHttpClient();
    NotificationGate gate;
    WebhookSource webhookSource;
    Ledger ledger;
    DigestScheduler scheduler;
    SendSlots slots;
    Consumer<String> log = DecisionLog.stdout();
    Consumer<String> metrics = log;

    private Builder(NotifierSettings settings) {
      this.settings = settings;
    }

    NotifierApp build() {
      if (!local) {
        settings.webhooks().require();
      }
      JsonFactory json = new JsonFactory();
      DecisionLog decisionLog = new DecisionLog(json, log);
      DecisionJournal journal = new DecisionJournal(decisionLog, new Metrics(json, metrics, clock));
      WebhookSettings webhookSettings = settings.webhooks();
      Webhooks fromEnvironment = webhookSettings.environment();
      Optional<String> stateTable = local ? Optional.empty() : settings.storm().table().or(() -> settings.dedup().table());
      ButtonKeySetting buttonKey = settings.buttons();
      boolean aws = !local && (webhookSettings.secretId().isPresent() || stateTable.isPresent()
          || buttonKey.secretArn().isPresent());
      Optional<AwsCredentials> credentials = aws ? Optional.of(new AwsCredentials()) : Optional.empty();
      SendSlots seconds = slots != null ? slots : stateTable.<SendSlots>map(name -> new DynamoDbSendSlots(new DynamoDb(
          name, StateTable.KEY, awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB)))).orElse(SendSlots.NONE);
      SlackClient client = new SlackClient(http, ticker, slackInterval, seconds, clock);
      Optional<SecretsWebhookSource> secrets = !local && webhookSource == null
          ? webhookSettings.secretId().map(id -> new SecretsWebhookSource(id, webhookSettings.destinationNames(),
              new SecretsManager(awsClient(json, credentials.orElseThrow(), AwsService.SECRETS_MANAGER)), json,
              ticker, SecretsWebhookSource.TTL, journal::warn, webhookSettings.api()))
          : Optional.empty();
      Optional<DynamoDbGate> table = !local && gate == null
          ? settings.dedup().table().map(name -> new DynamoDbGate(new DynamoDb(name, StateTable.KEY,
              awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB)), settings.dedup().renotifyAfter(), clock))
          : Optional.empty();
      ButtonKeys buttons = local && buttonKey.secretArn().isPresent() ? ButtonKeys.NONE
          : SharedParts.buttonKeys(buttonKey, () -> new SecretsManager(awsClient(json, credentials.orElseThrow(),
              AwsService.SECRETS_MANAGER)), journal::warn);
      FindingFormatter formatter = new FindingFormatter(settings.accountNames(), buttons);
      MessageWriter writer = new MessageWriter(json);
      ExecutorService threads = Dispatcher.threads();
      // The gate: the test's, the table's, or one that keeps nothing; the webhooks: the test's, the secret's, the
      // environment's.
      Edges edges = new Edges(webhookSource != null ? webhookSource
          : secrets.<WebhookSource>map(w -> w).orElse(() -> fromEnvironment),
          gate != null ? gate : table.<NotificationGate>map(t -> t).orElse(NotificationGate.ALWAYS),
          storm(json, credentials), client, formatter, journal);
      Notifier notifier = new Notifier(settings.intake(), settings.routes(), new Dispatcher(writer, threads, ticker),
          new Digests(new DigestFormatter(settings.accountNames()), writer, ticker, clock), edges, clock);
      // The rehearsal's edges: production's code, with nothing kept, nothing paced and nothing written.
      Function<WebhookSource, Edges> rehearsalEdges = loopback -> new Edges(loopback,
          NotificationGate.ALWAYS, StormGuard.OFF, new SlackClient(http, ticker, Duration.ZERO, SendSlots.NONE, clock),
          new FindingFormatter(settings.accountNames(), NotifierRehearsal.KEY),
          new DecisionJournal(new DecisionLog(json, line -> { }), new Metrics(json, line -> { }, clock)));
      Checkpoint checkpoint = new Checkpoint(new NotifierRehearsal(json, notifier, rehearsalEdges,
          new NotifierRehearsal.Production(journal, client, credentials, secrets, table, buttons)), journal::warn);
      // With AWS at hand (the stack's secret or table), a record Slack asked to wait for is hidden until then.
      Visibility visibility = credentials.filter(c -> settings.aws().region().isPresent())
          .<Visibility>map(c -> new SqsVisibility(new Sqs(awsClient(json, c, AwsService.SQS)), journal, clock))
          .orElse(Visibility.NONE);
      return new NotifierApp(json, settings, notifier, new NotifierApp.Rendering(formatter, writer), ticker,
          new Lifecycle(checkpoint, event -> decisionLog.lifecycle(event, Version.current())), threads, visibility);
    }

    /** The test's ledger, else the stack's table and queue; off without them, or when nothing is to be held. */
    private StormGuard storm(JsonFactory json, Optional<AwsCredentials> credentials) {
      StormSettings storm = settings.storm();
      if (ledger != null) {
        return new StormGuard(storm, ledger, scheduler, clock);
      }
      if (local || !storm.wanted() || !storm.possible()) {
        return StormGuard.OFF;
      }
      DynamoDb table = new DynamoDb(storm.table().get(), StateTable.KEY,
          awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB));
      return new StormGuard(storm, new DynamoDbLedger(table, json, clock), new SqsDigestScheduler(
          new Sqs(awsClient(json, credentials.orElseThrow(), AwsService.SQS)), storm.queueUrl().get(), json, clock),
          clock);
    }

    /** An AWS service's client, on the Slack client's connection pool. */
    private AwsJsonClient awsClient(JsonFactory json, AwsCredentials credentials, AwsService service) {
      return new AwsJsonClient(http, json, credentials, settings.aws(), service, ticker);
    }
  }
}
