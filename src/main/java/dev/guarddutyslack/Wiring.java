package dev.guarddutyslack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.guardduty.Json;
import dev.guarddutyslack.slack.FindingFormatter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Builds the production objects from the environment, once per execution environment. */
final class Wiring {
  /** One thread per band at most: posts to different webhooks go out together. */
  private static final int DELIVERY_THREADS = 4;

  private Wiring() {}

  static FindingHandler.App production(Map<String, String> env) {
    Config config = Config.fromEnvironment(env).requireDestination();
    ObjectMapper mapper = Json.newMapper();
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Consumer<String> sink = stdout::println;
    WebhookClient client = new WebhookClient(WebhookClient.newHttpClient(), Ticker.SYSTEM,
        WebhookClient.DEFAULT_MIN_INTERVAL);
    WebhookSource source = webhookSource(config);
    Notifier notifier = new Notifier(mapper, config, source, new FindingFormatter(config.accountNames()), client,
        NotificationGate.ALWAYS, new Metrics(mapper, sink, Clock.systemUTC()), new DecisionLog(mapper, sink),
        deliveryThreads(), Ticker.SYSTEM);
    return new FindingHandler.App(mapper, notifier, Ticker.SYSTEM, () -> {
      client.evictConnections();
      source.forget();
    });
  }

  static WebhookSource webhookSource(Config config) {
    Webhooks fromEnv = config.envWebhooks();
    return () -> fromEnv;
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
