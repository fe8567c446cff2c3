package dev.guarddutyslack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.guardduty.Json;
import dev.guarddutyslack.slack.FindingFormatter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Builds the production objects from the environment, once per execution environment. */
final class Wiring {
  /** One thread per band at most: posts to different webhooks go out together. */
  private static final int DELIVERY_THREADS = 4;
  private static final String PRIMING_EVENT = "/priming-event.json";
  private static final int PRIMING_ROUNDS = 20;

  private Wiring() {}

  static FindingHandler.App production(Map<String, String> env) {
    Config config = Config.fromEnvironment(env).requireDestination();
    ObjectMapper mapper = Json.newMapper();
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Consumer<String> sink = stdout::println;
    WebhookClient client = new WebhookClient(WebhookClient.newHttpClient(), Ticker.SYSTEM,
        WebhookClient.DEFAULT_MIN_INTERVAL);
    WebhookSource source = webhookSource(config, mapper);
    FindingFormatter formatter = new FindingFormatter(config.accountNames());
    Notifier notifier = new Notifier(mapper, config, source, formatter, client,
        gate(config), new Metrics(mapper, sink, Clock.systemUTC()), new DecisionLog(mapper, sink),
        deliveryThreads(), Ticker.SYSTEM);
    return new FindingHandler.App(mapper, notifier, Ticker.SYSTEM, () -> {
      prime(mapper, formatter);
      client.evictConnections();
      source.forget();
    });
  }

  /**
   * Runs the hot path once without network, so that a SnapStart snapshot holds loaded and initialised
   * classes: parse a built-in finding, render it, serialise it, build (not send) a request.
   */
  static void prime(ObjectMapper mapper, FindingFormatter formatter) {
    try (InputStream in = Wiring.class.getResourceAsStream(PRIMING_EVENT)) {
      if (in == null) {
        throw new IllegalStateException(PRIMING_EVENT + " is missing from the package");
      }
      JsonNode event = mapper.readTree(in);
      Finding finding = mapper.treeToValue(event.get("detail"), Finding.class);
      byte[] body = new byte[0];
      for (int i = 0; i < PRIMING_ROUNDS; i++) {
        body = mapper.writeValueAsBytes(formatter.format(finding));
      }
      new Request.Builder().url("https://hooks.slack.com/services/priming")
          .post(RequestBody.create(body, MediaType.get("application/json; charset=utf-8"))).build();
      mapper.writeValueAsString(new DecisionLog.Entry("INFO", "priming", Decision.POSTED.label(), null, null,
          finding.id(), finding.type(), finding.severity(), null, null, null, null, null, null, null, null));
    } catch (IOException e) {
      throw new UncheckedIOException("priming failed", e);
    }
  }

  static WebhookSource webhookSource(Config config, ObjectMapper mapper) {
    if (config.webhooksSecretId().isPresent()) {
      return new SecretsWebhookSource(config.webhooksSecretId().get(), Wiring::secretsManager, mapper, Ticker.SYSTEM,
          SecretsWebhookSource.TTL);
    }
    Webhooks fromEnv = config.envWebhooks();
    return () -> fromEnv;
  }

  static NotificationGate gate(Config config) {
    return config.dedupTable()
        .<NotificationGate>map(table -> new DynamoDbGate(table, Wiring::dynamoDb, config.renotifyAfter(),
            Clock.systemUTC()))
        .orElse(NotificationGate.ALWAYS);
  }

  /**
   * Time limits for every AWS call, well inside the function's timeout: a call, retries included, gives up
   * after {@link #AWS_CALL_TIMEOUT} (DynamoDB calls ask for less when the invocation has less left).
   */
  static final Duration AWS_CALL_TIMEOUT = Duration.ofSeconds(5);
  static final Duration AWS_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration AWS_CONNECT_TIMEOUT = Duration.ofSeconds(2);

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

  static ExecutorService deliveryThreads() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(DELIVERY_THREADS, r -> {
      Thread t = new Thread(r, "slack-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
