package dev.guarddutyslack;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpServer;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.config.Config;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.dedup.NotificationGate;
import dev.guarddutyslack.delivery.SendSlots;
import dev.guarddutyslack.delivery.WebhookClient;
import dev.guarddutyslack.invocation.Invocation;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.storm.HeldFinding;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.SecretsWebhookSource;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What SnapStart's checkpoint hook does, in order, so that a restored environment answers its first finding
 * fast and holds nothing it must not:
 * <ol>
 *   <li>{@link #rehearse}: a whole SQS batch, read, decided, routed, formatted, serialised, posted and
 *       answered by the very notifier production built; only its three edges to the outside are detoured for
 *       the rehearsal: the webhooks to a loopback responder, the gate to one that keeps nothing, the journal's
 *       log and metrics lines to nowhere (the journal itself runs, so that its code is warm too);</li>
 *   <li>{@link #primeAws}: the AWS requests that read no secret and write nothing ({@code DescribeSecret}, a
 *       conditional write that cannot succeed), which also tell the operator at once about a secret or table
 *       set up wrong;</li>
 *   <li>{@link #forget}: credentials, pooled connections and any cached secret are dropped, so that none is in
 *       the snapshot.</li>
 * </ol>
 * A failure only costs speed after restore: it is logged, and the snapshot goes on.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html">SnapStart runtime hooks</a>
 */
final class Priming {
  private static final String EVENT = "/priming-event.json";
  private static final int ROUNDS = 20;
  /** The time the rehearsal and each AWS priming request may take. */
  static final Duration CALL_TIME = Duration.ofSeconds(5);

  private final JsonFactory json;
  private final Notifier notifier;
  private final Detours detours;
  private final Journal journal;
  private final WebhookClient client;
  private final Optional<AwsCredentials> credentials;
  private final Optional<SecretsWebhookSource> secrets;
  private final Optional<DynamoDbGate> table;

  /** What the graph's priming touches; built by {@link Wiring} with the graph. */
  record Parts(Journal journal, WebhookClient client, Optional<AwsCredentials> credentials,
               Optional<SecretsWebhookSource> secrets, Optional<DynamoDbGate> table) {}

  Priming(JsonFactory json, Notifier notifier, Detours detours, Parts parts) {
    this.json = json;
    this.notifier = notifier;
    this.detours = detours;
    this.journal = parts.journal();
    this.client = parts.client();
    this.credentials = parts.credentials();
    this.secrets = parts.secrets();
    this.table = parts.table();
  }

  /** The checkpoint hook: rehearse, prime the AWS paths, forget. */
  void beforeSnapshot() {
    try {
      int posted = rehearse();
      if (posted < ROUNDS) {
        journal.warn("SnapStart priming: the rehearsal posted " + posted + " of " + ROUNDS
            + " messages; restores will be slower");
      }
    } catch (RuntimeException e) {
      journal.warn("SnapStart priming of the invocation path failed (" + e.getClass().getSimpleName()
          + "); restores will be slower");
    }
    primeAws();
    forget();
  }

  /**
   * One SQS batch, {@link #ROUNDS} times, through production's notifier, posted to a loopback responder.
   *
   * @return how many of its messages were posted (one a round, or more where the rules send the finding)
   */
  int rehearse() {
    byte[] event = resource(EVENT);
    try (Responder slack = new Responder()) {
      // Every destination the rules name answers too, so that routing and each destination's post are warm.
      Map<String, String> urls = new HashMap<>();
      urls.put(Webhooks.DEFAULT_KEY, slack.url());
      notifier.routes().destinationFields(Config.ROUTES).keySet().forEach(name -> urls.put(name, slack.url()));
      Webhooks webhooks = Webhooks.of(urls, urls.keySet(), key -> "priming");
      detours.rehearse(() -> webhooks, NotificationGate.ALWAYS);
      int posted = 0;
      for (int i = 0; i < ROUNDS; i++) {
        Invocation invocation = Invocation.read(json, new ByteArrayInputStream(sqsBatch(event)));
        List<Outcome> outcomes = notifier.process(invocation.inputs(),
            Deadline.after(Ticker.SYSTEM, CALL_TIME, Duration.ZERO));
        invocation.answer(outcomes, json, OutputStream.nullOutputStream());
        posted += (int) outcomes.stream().filter(o -> o.decision() == Decision.POSTED).count();
      }
      return posted;
    } catch (IOException e) {
      throw new UncheckedIOException("priming failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("priming was interrupted", e);
    } finally {
      detours.end();
    }
  }

  /** The AWS requests that change nothing; a secret or table set up wrong is reported now. */
  void primeAws() {
    secrets.flatMap(SecretsWebhookSource::prime).ifPresent(e -> report(e.getMessage(), e.misconfigured()));
    table.flatMap(t -> t.prime(CALL_TIME)).ifPresent(e -> report(e.getMessage(), e.misconfigured()));
  }

  /** Drops credentials, pooled connections and cached secrets: none of them may be in a snapshot. */
  void forget() {
    credentials.ifPresent(AwsCredentials::forget);
    client.evictConnections();
    detours.forget();
  }

  private void report(String message, boolean misconfigured) {
    if (misconfigured) {
      journal.problem(message + "; findings will be retried until it is fixed");
    } else {
      journal.warn("SnapStart priming: " + message + "; restores will be slower");
    }
  }

  /** An SQS batch of one record whose body is {@code event}, as Lambda's SQS event source sends it. */
  private byte[] sqsBatch(byte[] event) {
    return JsonWriting.bytes(json, g -> {
      g.writeArrayFieldStart("Records");
      g.writeStartObject();
      g.writeStringField("messageId", "priming");
      g.writeStringField("body", new String(event, StandardCharsets.UTF_8));
      g.writeEndObject();
      g.writeEndArray();
    });
  }

  private static byte[] resource(String name) {
    try (InputStream in = Priming.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the package");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The graph's three edges to the outside world, each a delegate that the rehearsal can point elsewhere:
   * production's notifier is built on these, so the rehearsal runs it as it is.
   */
  static final class Detours {
    private volatile WebhookSource webhooks;
    private volatile NotificationGate gate;
    private volatile boolean rehearsing;
    private WebhookSource realWebhooks;
    private NotificationGate realGate;
    private ButtonKeys realButtons = ButtonKeys.NONE;

    WebhookSource webhooks(WebhookSource real) {
      realWebhooks = real;
      webhooks = real;
      return new WebhookSource() {
        @Override
        public Webhooks webhooks() {
          return webhooks.webhooks();
        }

        @Override
        public void forget() {
          webhooks.forget();
        }
      };
    }

    NotificationGate gate(NotificationGate real) {
      realGate = real;
      gate = real;
      return new NotificationGate() {
        @Override
        public Claim claim(dev.guarddutyslack.guardduty.Finding finding, dev.guarddutyslack.guardduty.Severity band,
                           Optional<String> destination, Duration timeLeft) {
          return gate.claim(finding, band, destination, timeLeft);
        }

        @Override
        public void release(Claim.Granted claim, Duration timeLeft) {
          gate.release(claim, timeLeft);
        }

        @Override
        public void confirm(Claim.Granted claim, Duration timeLeft) {
          gate.confirm(claim, timeLeft);
        }

        @Override
        public void unanswered(Claim.Granted claim, Duration timeLeft) {
          gate.unanswered(claim, timeLeft);
        }
      };
    }

    /**
     * The storm guard's ledger: during the rehearsal every message may go out singly and nothing is counted, so
     * that no window of a real destination holds a rehearsal's message.
     */
    Ledger ledger(Ledger real) {
      return new Ledger() {
        @Override
        public boolean admit(Window window, long limit, Duration timeLeft) {
          return rehearsing || real.admit(window, limit, timeLeft);
        }

        @Override
        public void unadmit(Window window, Duration timeLeft) {
          if (!rehearsing) {
            real.unadmit(window, timeLeft);
          }
        }

        @Override
        public void hold(Window window, HeldFinding finding, Duration timeLeft) {
          real.hold(window, finding, timeLeft);
        }

        @Override
        public boolean firstToSchedule(Window window, Duration timeLeft) {
          return real.firstToSchedule(window, timeLeft);
        }

        @Override
        public void unschedule(Window window, Duration timeLeft) {
          real.unschedule(window, timeLeft);
        }

        @Override
        public Optional<Digest> claimDigest(Window window, String claimId, Duration lease, Duration timeLeft) {
          return real.claimDigest(window, claimId, lease, timeLeft);
        }

        @Override
        public void digestPosted(Window window, String claimId, Duration timeLeft) {
          real.digestPosted(window, claimId, timeLeft);
        }

        @Override
        public void releaseDigest(Window window, String claimId, Duration timeLeft) {
          real.releaseDigest(window, claimId, timeLeft);
        }

        @Override
        public void digestUnanswered(Window window, String claimId, Duration timeLeft) {
          real.digestUnanswered(window, claimId, timeLeft);
        }
      };
    }

    /**
     * The triage buttons' key: during the rehearsal a key of its own, so that buttons are made (and that path is
     * warm) without reading the stack's secret; the real key is forgotten with the rest.
     */
    ButtonKeys buttons(ButtonKeys real) {
      realButtons = real;
      ButtonKeys rehearsal = ButtonKeys.of("0123456789abcdef0123456789abcdef");
      return new ButtonKeys() {
        @Override
        public byte[] current(Duration timeLeft) {
          return rehearsing ? rehearsal.current(timeLeft) : real.current(timeLeft);
        }

        @Override
        public List<byte[]> accepted(boolean afresh, Duration timeLeft) {
          return rehearsing ? rehearsal.accepted(afresh, timeLeft) : real.accepted(afresh, timeLeft);
        }

        @Override
        public boolean present() {
          return real.present();
        }

        @Override
        public void forget() {
          real.forget();
        }
      };
    }

    /** The seconds shared with other copies: the rehearsal's posts take none. */
    SendSlots slots(SendSlots real) {
      return (webhook, earliest, timeLeft) -> rehearsing ? earliest : real.reserve(webhook, earliest, timeLeft);
    }

    /** A log or metrics sink: what the journal writes during the rehearsal goes nowhere. */
    Consumer<String> sink(Consumer<String> real) {
      return line -> {
        if (!rehearsing) {
          real.accept(line);
        }
      };
    }

    void rehearse(WebhookSource rehearsalWebhooks, NotificationGate rehearsalGate) {
      webhooks = rehearsalWebhooks;
      gate = rehearsalGate;
      rehearsing = true;
    }

    void end() {
      if (rehearsing) {
        webhooks = realWebhooks;
        gate = realGate;
        rehearsing = false;
      }
    }

    void forget() {
      realWebhooks.forget();
      realButtons.forget();
    }
  }

  /**
   * Answers every request on the loopback interface with {@code 200 ok}, as Slack does: the rehearsal's
   * webhook. The JDK's own HTTP server, so that nothing here parses HTTP by hand.
   */
  private static final class Responder implements AutoCloseable {
    private final HttpServer server;

    Responder() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/priming";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
