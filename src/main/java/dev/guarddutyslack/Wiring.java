package dev.guarddutyslack;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.GuardDuty;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.aws.Sqs;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.SecretsButtonKeys;
import dev.guarddutyslack.config.Config;
import dev.guarddutyslack.config.StormSettings;
import dev.guarddutyslack.config.TriageSettings;
import dev.guarddutyslack.core.Digests;
import dev.guarddutyslack.core.Dispatcher;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.SendSlots;
import dev.guarddutyslack.delivery.WebhookClient;
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
import dev.guarddutyslack.snapstart.NotifierRehearsal;
import dev.guarddutyslack.snapstart.TriageRehearsal;
import dev.guarddutyslack.storm.DigestScheduler;
import dev.guarddutyslack.storm.DynamoDbLedger;
import dev.guarddutyslack.storm.DynamoDbSendSlots;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.SqsDigestScheduler;
import dev.guarddutyslack.storm.StormGuard;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.triage.DynamoDbReplayGuard;
import dev.guarddutyslack.triage.GuardDutyActions;
import dev.guarddutyslack.triage.ReplayGuard;
import dev.guarddutyslack.triage.ResponseUrl;
import dev.guarddutyslack.triage.SecretsSigningSecret;
import dev.guarddutyslack.triage.SigningSecret;
import dev.guarddutyslack.triage.Triage;
import dev.guarddutyslack.triage.TriageAudit;
import dev.guarddutyslack.webhooks.SecretsWebhookSource;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The one composition root: builds the objects one execution environment shares, from the environment, for
 * production ({@link #production}), the preview on a developer's machine ({@link #local}), and tests, with what
 * they override ({@link #builder}). It composes and does nothing else; nothing else assembles the core.
 */
public final class Wiring {
  private Wiring() {}

  /** Lambda's: settings from the environment, logs and metrics to stdout, Slack and AWS for real. */
  public static App production(Map<String, String> env) {
    return builder(env).build();
  }

  /**
   * The preview's: webhooks from the environment only (none is fine), no deduplication, no metrics, and
   * decision lines to {@code log}; nothing here reaches AWS.
   */
  static App local(Map<String, String> env, Consumer<String> log) {
    Builder builder = builder(env);
    builder.local = true;
    builder.log = log;
    builder.metrics = line -> { };
    return builder.build();
  }

  /**
   * The triage function's: its settings, GuardDuty, the signing secret and the stack's table, each AWS service
   * on one connection pool; the audit and the log to {@code log}.
   */
  static TriageHandler.Parts triage(Map<String, String> env, Consumer<String> log) {
    Config config = Config.fromEnvironment(env);
    TriageSettings settings = TriageSettings.from(env).requireOn();
    JsonFactory json = new JsonFactory();
    DecisionLog decisionLog = new DecisionLog(json, log);
    OkHttpClient http = WebhookClient.newHttpClient();
    Optional<AwsCredentials> credentials = Optional.of(new AwsCredentials());
    Function<AwsService, AwsJsonClient> aws = service -> new AwsJsonClient(http, json, credentials.get(),
        config.aws(), service, Ticker.SYSTEM);
    Optional<SecretsSigningSecret> stored = settings.signingSecretArn().map(arn ->
        new SecretsSigningSecret(new SecretsManager(aws.apply(AwsService.SECRETS_MANAGER)), arn, Ticker.SYSTEM));
    SigningSecret secret = stored.<SigningSecret>map(s -> s).orElse(timeLeft -> settings.signingSecret().orElseThrow());
    ButtonKeys keys = buttonKeys(settings.buttons(), () -> new SecretsManager(aws.apply(AwsService.SECRETS_MANAGER)),
        decisionLog::warn);
    ReplayGuard replays = settings.table().<ReplayGuard>map(name -> new DynamoDbReplayGuard(new DynamoDb(name,
        DynamoDbGate.KEY, aws.apply(AwsService.DYNAMODB)), Clock.systemUTC(), decisionLog::warn))
        .orElse(ReplayGuard.inMemory(Clock.systemUTC()));
    GuardDutyActions guardDuty = new GuardDutyActions(new GuardDuty(aws.apply(AwsService.GUARDDUTY)));
    Triage triage = new Triage(settings, json, new Triage.Edges(secret, keys, guardDuty, replays,
        new TriageAudit(json, log, Clock.systemUTC()), new ResponseUrl(http, TriageSettings.responseUrlPrefix(env))),
        Clock.systemUTC(), Ticker.SYSTEM, decisionLog::warn);
    Function<String, Triage.Edges> rehearsalEdges = replies -> new Triage.Edges(timeLeft -> TriageRehearsal.SECRET,
        TriageRehearsal.KEY, TriageRehearsal.NOTHING, ReplayGuard.inMemory(Clock.systemUTC()),
        new TriageAudit(json, line -> { }, Clock.systemUTC()), triage.edges().responses().under(replies));
    Checkpoint checkpoint = new Checkpoint(new TriageRehearsal(triage, settings, json, rehearsalEdges,
        new TriageRehearsal.Production(guardDuty, config.aws().region(), credentials, stored, keys, http,
            decisionLog::warn)), decisionLog::warn);
    return new TriageHandler.Parts(json, triage, checkpoint, event -> decisionLog.lifecycle(event, Version.current()));
  }

  /** The button key: the stack's secret, read on first use; the local value; or none with triage off. */
  private static ButtonKeys buttonKeys(TriageSettings.Key key, Supplier<SecretsManager> secrets,
                                       Consumer<String> warnings) {
    return key.secretArn().<ButtonKeys>map(arn -> new SecretsButtonKeys(secrets.get(), arn, Ticker.SYSTEM,
            warnings))
        .or(() -> key.value().map(ButtonKeys::of)).orElse(ButtonKeys.NONE);
  }

  static Builder builder(Map<String, String> env) {
    return new Builder(Config.fromEnvironment(env));
  }

  /**
   * Production's choices; a test (through {@code TestWiring}, in this package), a benchmark or the preview sets
   * a field to override one before {@link #build}.
   */
  static final class Builder {
    private final Config config;
    boolean local;
    Ticker ticker = Ticker.SYSTEM;
    Clock clock = Clock.systemUTC();
    /** How long posts to one webhook wait for each other (benchmarks set none). */
    Duration slackInterval = WebhookClient.DEFAULT_MIN_INTERVAL;
    OkHttpClient http = WebhookClient.newHttpClient();
    NotificationGate gate;
    WebhookSource webhookSource;
    Ledger ledger;
    DigestScheduler scheduler;
    SendSlots slots;
    Consumer<String> log = DecisionLog.stdout();
    Consumer<String> metrics = log;

    private Builder(Config config) {
      this.config = config;
    }

    App build() {
      if (!local) {
        config.requireDestination();
      }
      JsonFactory json = new JsonFactory();
      DecisionLog decisionLog = new DecisionLog(json, log);
      DecisionJournal journal = new DecisionJournal(decisionLog, new Metrics(json, metrics, clock));
      Webhooks fromEnvironment = Webhooks.of(config.envWebhookUrls(), config.destinationNames(), Config::variableOf);
      Optional<String> stateTable = local ? Optional.empty() : config.storm().table().or(config::dedupTable);
      TriageSettings.Key buttonKey = config.message().buttons();
      boolean aws = !local && (config.webhooksSecretId().isPresent() || stateTable.isPresent()
          || buttonKey.secretArn().isPresent());
      Optional<AwsCredentials> credentials = aws ? Optional.of(new AwsCredentials()) : Optional.empty();
      SendSlots seconds = slots != null ? slots : stateTable.<SendSlots>map(name -> new DynamoDbSendSlots(new DynamoDb(
          name, DynamoDbGate.KEY, awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB)))).orElse(SendSlots.NONE);
      WebhookClient client = new WebhookClient(http, ticker, slackInterval, seconds, clock);
      Optional<SecretsWebhookSource> secrets = !local && webhookSource == null
          ? config.webhooksSecretId().map(id -> new SecretsWebhookSource(id, config.destinationNames(),
              new SecretsManager(awsClient(json, credentials.orElseThrow(), AwsService.SECRETS_MANAGER)), json,
              ticker, SecretsWebhookSource.TTL, journal::warn))
          : Optional.empty();
      Optional<DynamoDbGate> table = !local && gate == null
          ? config.dedupTable().map(name -> new DynamoDbGate(new DynamoDb(name, DynamoDbGate.KEY,
              awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB)), config.renotifyAfter(), clock))
          : Optional.empty();
      ButtonKeys buttons = local && buttonKey.secretArn().isPresent() ? ButtonKeys.NONE
          : buttonKeys(buttonKey, () -> new SecretsManager(awsClient(json, credentials.orElseThrow(),
              AwsService.SECRETS_MANAGER)), journal::warn);
      FindingFormatter formatter = new FindingFormatter(config.accountNames(), buttons);
      MessageWriter writer = new MessageWriter(json);
      ExecutorService threads = Dispatcher.threads();
      // The gate: the test's, the table's, or one that keeps nothing; the webhooks: the test's, the secret's, the
      // environment's.
      Notifier.Edges edges = new Notifier.Edges(webhookSource != null ? webhookSource
          : secrets.<WebhookSource>map(w -> w).orElse(() -> fromEnvironment),
          gate != null ? gate : table.<NotificationGate>map(t -> t).orElse(NotificationGate.ALWAYS),
          storm(json, credentials), client, formatter, journal);
      Notifier notifier = new Notifier(config.minSeverity(), config.routes(), new Dispatcher(writer, threads, ticker),
          new Digests(new DigestFormatter(config.accountNames()), writer, ticker, clock), edges, clock);
      // The rehearsal's edges: production's code, with nothing kept, nothing paced and nothing written.
      Function<WebhookSource, Notifier.Edges> rehearsalEdges = loopback -> new Notifier.Edges(loopback,
          NotificationGate.ALWAYS, StormGuard.OFF, new WebhookClient(http, ticker, Duration.ZERO, SendSlots.NONE, clock),
          new FindingFormatter(config.accountNames(), NotifierRehearsal.KEY),
          new DecisionJournal(new DecisionLog(json, line -> { }), new Metrics(json, line -> { }, clock)));
      Checkpoint checkpoint = new Checkpoint(new NotifierRehearsal(json, notifier, rehearsalEdges,
          new NotifierRehearsal.Production(journal, client, credentials, secrets, table, buttons)), journal::warn);
      // With AWS at hand (the stack's secret or table), a record Slack asked to wait for is hidden until then.
      Visibility visibility = credentials.filter(c -> config.aws().region().isPresent())
          .<Visibility>map(c -> new SqsVisibility(new Sqs(awsClient(json, c, AwsService.SQS)), journal, clock))
          .orElse(Visibility.NONE);
      return new App(json, notifier, new App.Rendering(formatter, writer), ticker, checkpoint,
          event -> decisionLog.lifecycle(event, Version.current()), threads, visibility);
    }

    /** The test's ledger, else the stack's table and queue; off without them, or when nothing is to be held. */
    private StormGuard storm(JsonFactory json, Optional<AwsCredentials> credentials) {
      StormSettings settings = config.storm();
      if (ledger != null) {
        return new StormGuard(settings, ledger, scheduler, clock);
      }
      if (local || !settings.wanted() || !settings.possible()) {
        return StormGuard.OFF;
      }
      DynamoDb table = new DynamoDb(settings.table().get(), DynamoDbGate.KEY,
          awsClient(json, credentials.orElseThrow(), AwsService.DYNAMODB));
      return new StormGuard(settings, new DynamoDbLedger(table, json, clock), new SqsDigestScheduler(
          new Sqs(awsClient(json, credentials.orElseThrow(), AwsService.SQS)), settings.queueUrl().get(), json, clock),
          clock);
    }

    /** An AWS service's client, on the Slack client's connection pool. */
    private AwsJsonClient awsClient(JsonFactory json, AwsCredentials credentials, AwsService service) {
      return new AwsJsonClient(http, json, credentials, config.aws(), service, ticker);
    }
  }
}
