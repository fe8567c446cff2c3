package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.config.Config;
import dev.guarddutyslack.config.SecretsWebhookSource;
import dev.guarddutyslack.config.WebhookSource;
import dev.guarddutyslack.config.Webhooks;
import dev.guarddutyslack.core.Dispatcher;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.core.Outcome;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.Deadline;
import dev.guarddutyslack.delivery.Ticker;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.invocation.Invocation;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.observability.DecisionJournal;
import dev.guarddutyslack.observability.DecisionLog;
import dev.guarddutyslack.observability.Metrics;
import dev.guarddutyslack.observability.Version;
import dev.guarddutyslack.slack.MessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
   * @param lifecycle logs an event of the execution environment ({@code started}, {@code restored}) with the version
   * @param threads the delivery threads, stopped by {@link #close()}
   */
  public record App(JsonFactory json, Notifier notifier, Ticker ticker, Runnable beforeSnapshot,
                    Consumer<String> lifecycle, ExecutorService threads) implements AutoCloseable {

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
      DecisionLog decisionLog = new DecisionLog(json, log != null ? log : stdout);
      DecisionJournal journal = new DecisionJournal(decisionLog,
          new Metrics(json, metrics != null ? metrics : stdout, clock));
      OkHttpClient slackHttp = http != null ? http : WebhookClient.newHttpClient();
      WebhookClient client = new WebhookClient(slackHttp, ticker, slackInterval);
      boolean usesAws = !local && (config.webhooksSecretId().isPresent() || config.dedupTable().isPresent());
      AwsCredentials credentials = usesAws ? new AwsCredentials() : null;
      SecretsWebhookSource secrets = !local && webhookSource == null && config.webhooksSecretId().isPresent()
          ? new SecretsWebhookSource(config.webhooksSecretId().get(), Webhooks.BAND_NAMES,
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
        try {
          prime(json, formatter, writer, client, threads);
        } catch (RuntimeException e) {
          journal.warn("SnapStart priming of the invocation path failed (" + e.getClass().getSimpleName()
              + "); restores will be slower");
        }
        // A failed priming request only costs speed after restore; it must not fail the snapshot. One that says
        // the secret or table is set up wrong is the earliest moment to tell the operator.
        if (secrets != null) {
          secrets.prime().ifPresent(e -> {
            if (e.misconfigured()) {
              journal.problem(e.getMessage() + "; findings will be retried until it is fixed");
            } else {
              journal.warn("SnapStart priming: " + e.getMessage() + "; restores will be slower");
            }
          });
        }
        if (table != null) {
          table.prime(PRIMING_CALL_TIME).ifPresent(e -> {
            if (e.misconfigured()) {
              journal.problem(e.getMessage() + "; findings will be retried until it is fixed");
            } else {
              journal.warn("SnapStart priming: " + e.getMessage() + "; restores will be slower");
            }
          });
        }
        if (credentials != null) {
          credentials.forget();
        }
        client.evictConnections();
        source.forget();
      };
      return new App(json, notifier, ticker, beforeSnapshot,
          event -> decisionLog.lifecycle(event, Version.current()), threads);
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
   * Runs a whole invocation once before a SnapStart snapshot, so that the snapshot holds every class of
   * the hot path loaded and initialised: a built-in finding in an SQS batch is read, decided, routed,
   * formatted, serialised, posted with the real OkHttp client and answered. The post goes to a one-shot
   * HTTP responder on the loopback interface, nothing leaves the machine, and nothing is logged.
   */
  static void prime(JsonFactory json, FindingFormatter formatter, MessageWriter writer, WebhookClient client,
                    ExecutorService threads) {
    try (InputStream in = Wiring.class.getResourceAsStream(PRIMING_EVENT);
         LoopbackResponder slack = new LoopbackResponder()) {
      if (in == null) {
        throw new IllegalStateException(PRIMING_EVENT + " is missing from the package");
      }
      byte[] event = in.readAllBytes();
      for (int i = 0; i < PRIMING_ROUNDS; i++) {
        ParsedEvent.FindingEvent parsed = (ParsedEvent.FindingEvent) EventParser.parse(JsonTree.read(json, event));
        writer.write(formatter.format(parsed.finding()));
      }
      Webhooks webhooks = Webhooks.of(Map.of(Webhooks.DEFAULT_KEY, slack.url()), key -> "priming");
      DecisionJournal quiet = new DecisionJournal(new DecisionLog(json, line -> { }),
          new Metrics(json, line -> { }, Clock.systemUTC()));
      Notifier notifier = new Notifier(0, () -> webhooks, new Dispatcher(NotificationGate.ALWAYS, formatter, writer,
          client, quiet, threads, Ticker.SYSTEM), quiet);
      Invocation invocation = Invocation.read(json, new ByteArrayInputStream(sqsBatch(json, event)));
      List<Outcome> outcomes = notifier.process(invocation.inputs(),
          Deadline.after(Ticker.SYSTEM, PRIMING_CALL_TIME, Duration.ZERO));
      invocation.answer(outcomes, json, OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("priming failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("priming was interrupted", e);
    }
  }

  /** An SQS batch of one record whose body is {@code event}, as Lambda's SQS event source sends it. */
  private static byte[] sqsBatch(JsonFactory json, byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(event.length + 64);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Records");
      g.writeStartObject();
      g.writeStringField("messageId", "priming");
      g.writeStringField("body", new String(event, StandardCharsets.UTF_8));
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /**
   * Answers one HTTP request on the loopback interface with {@code 200 ok}, as Slack would: the target of
   * the priming post.
   */
  private static final class LoopbackResponder implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    LoopbackResponder() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread = new Thread(this::answerOne, "snapstart-priming-responder");
      thread.setDaemon(true);
      thread.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/services/priming";
    }

    private void answerOne() {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout((int) PRIMING_CALL_TIME.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          int c = in.read();
          if (c < 0) {
            return;
          }
          head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
          if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.readNBytes(length);
        OutputStream out = socket.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // The priming post then fails and is reported; the snapshot goes on.
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        thread.join(PRIMING_CALL_TIME.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
