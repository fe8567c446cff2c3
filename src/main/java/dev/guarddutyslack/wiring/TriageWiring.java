package dev.guarddutyslack.wiring;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.AwsSettings;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.GuardDuty;
import dev.guarddutyslack.aws.SecretsManager;
import dev.guarddutyslack.aws.Sqs;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.delivery.SlackClient;
import dev.guarddutyslack.observability.DecisionLog;
import dev.guarddutyslack.observability.Version;
import dev.guarddutyslack.snapstart.Checkpoint;
import dev.guarddutyslack.snapstart.Lifecycle;
import dev.guarddutyslack.snapstart.TriageRehearsal;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.triage.ClickNotices;
import dev.guarddutyslack.triage.DynamoDbReplayGuard;
import dev.guarddutyslack.triage.GuardDutyActions;
import dev.guarddutyslack.triage.ReplayGuard;
import dev.guarddutyslack.triage.ResponseUrl;
import dev.guarddutyslack.triage.SecretsSigningSecret;
import dev.guarddutyslack.triage.SigningSecret;
import dev.guarddutyslack.triage.SqsClickNotices;
import dev.guarddutyslack.triage.Triage;
import dev.guarddutyslack.triage.TriageAudit;
import dev.guarddutyslack.triage.TriageSettings;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * The triage function's composition: its settings, GuardDuty, the signing secret, the button key and the stack's
 * table, each AWS service on one connection pool; the audit and the log to the one output.
 */
public final class TriageWiring {
  private TriageWiring() {}

  /** Lambda's, with the audit and the log to {@code log} (standard output). */
  public static TriageApp production(Map<String, String> variables, Consumer<String> log) {
    // Only the triage function's own settings: the notifier's may be anything.
    Env env = Env.of(variables);
    TriageSettings settings = env.read(() -> TriageSettings.from(env).requireOn(), TriageSettings.OFF);
    AwsSettings awsSettings = env.read(() -> AwsSettings.from(env), null);
    Optional<String> responseUrlPrefix = env.read(() -> TriageSettings.responseUrlPrefix(env), Optional.empty());
    Optional<String> notifierQueue = env.read(() -> TriageSettings.notifierQueue(env), Optional.empty());
    env.check();
    JsonFactory json = new JsonFactory();
    DecisionLog decisionLog = new DecisionLog(json, log);
    OkHttpClient http = SlackClient.newHttpClient();
    Optional<AwsCredentials> credentials = Optional.of(new AwsCredentials());
    Function<AwsService, AwsJsonClient> aws = service -> new AwsJsonClient(http, json, credentials.get(),
        awsSettings, service, Ticker.SYSTEM);
    Optional<SecretsSigningSecret> stored = settings.signingSecretArn().map(arn ->
        new SecretsSigningSecret(new SecretsManager(aws.apply(AwsService.SECRETS_MANAGER)), arn, Ticker.SYSTEM));
    SigningSecret secret = stored.<SigningSecret>map(s -> s).orElse(timeLeft -> settings.signingSecret().orElseThrow());
    ButtonKeys keys = SharedParts.buttonKeys(settings.buttons(), () -> new SecretsManager(aws.apply(AwsService.SECRETS_MANAGER)),
        decisionLog::warn);
    ReplayGuard replays = settings.table().<ReplayGuard>map(name -> new DynamoDbReplayGuard(new DynamoDb(name,
        StateTable.KEY, aws.apply(AwsService.DYNAMODB)), Clock.systemUTC(), decisionLog::warn))
        .orElse(ReplayGuard.inMemory(Clock.systemUTC()));
    GuardDutyActions guardDuty = new GuardDutyActions(new GuardDuty(aws.apply(AwsService.GUARDDUTY)));
    ClickNotices notices = notifierQueue.<ClickNotices>map(url -> new SqsClickNotices(new Sqs(aws.apply(AwsService.SQS)),
        url, keys, json)).orElse(ClickNotices.NONE);
    Triage triage = new Triage(settings, json, new Triage.Edges(secret, keys, guardDuty, replays,
        new TriageAudit(json, log, Clock.systemUTC()), new ResponseUrl(http, responseUrlPrefix), notices),
        Clock.systemUTC(), Ticker.SYSTEM, decisionLog::warn);
    Function<String, Triage.Edges> rehearsalEdges = replies -> new Triage.Edges(timeLeft -> TriageRehearsal.SECRET,
        TriageRehearsal.KEY, TriageRehearsal.NOTHING, ReplayGuard.inMemory(Clock.systemUTC()),
        new TriageAudit(json, line -> { }, Clock.systemUTC()), triage.edges().responses().under(replies),
        ClickNotices.NONE);
    Checkpoint checkpoint = new Checkpoint(new TriageRehearsal(triage, settings, json, rehearsalEdges,
        new TriageRehearsal.Production(guardDuty, awsSettings.region(), credentials, stored, keys, http,
            decisionLog::warn)), decisionLog::warn);
    return new TriageApp(json, triage,
        new Lifecycle(checkpoint, event -> decisionLog.lifecycle(event, Version.current())));
  }

}
