package dev.guarddutyslack;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpServer;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.config.TriageSettings;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.triage.FindingActions;
import dev.guarddutyslack.triage.ReplayGuard;
import dev.guarddutyslack.triage.SecretsSigningSecret;
import dev.guarddutyslack.triage.SlackSignature;
import dev.guarddutyslack.triage.Triage;
import dev.guarddutyslack.triage.TriageAction;
import dev.guarddutyslack.triage.TriageAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * What the triage function's SnapStart checkpoint hook does, in order:
 * <ol>
 *   <li>{@link #rehearse}: signed clicks answered by production's {@link Triage}, with its edges detoured for
 *       the rehearsal (a signing secret of its own, a GuardDuty that does nothing, a memory of clicks) and the
 *       replacement posted to a loopback responder, so that reading, verifying, replying and posting are warm;</li>
 *   <li>{@link #primeAws}: GuardDuty's {@code ListDetectors} in the function's region, which reads and changes
 *       nothing, so that signing and the TLS path to GuardDuty are warm too;</li>
 *   <li>{@link #forget}: credentials, pooled connections and the signing secret are dropped.</li>
 * </ol>
 * A failure only costs speed after restore: it is logged, and the snapshot goes on.
 */
final class TriagePriming {
  static final int ROUNDS = 20;
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  /** The rehearsal's own button key: its clicks carry buttons it made. */
  private static final ButtonKeys KEY = ButtonKeys.of("fedcba9876543210fedcba9876543210");

  private final Triage triage;
  private final TriageSettings settings;
  private final JsonFactory json;
  private final Consumer<String> warnings;
  private final OkHttpClient http;
  private final Forget forget;

  /** What the priming forgets, and the GuardDuty it primes. */
  record Forget(Optional<AwsCredentials> credentials, Optional<SecretsSigningSecret> secret, ButtonKeys keys,
                FindingActions guardDuty, Optional<String> region) {}

  TriagePriming(Triage triage, TriageSettings settings, JsonFactory json, Consumer<String> warnings, OkHttpClient http, Forget forget) {
    this.triage = triage;
    this.settings = settings;
    this.json = json;
    this.warnings = warnings;
    this.http = http;
    this.forget = forget;
  }

  void beforeSnapshot() {
    try {
      int answered = rehearse();
      if (answered < ROUNDS) {
        warnings.accept("SnapStart priming: the rehearsal replaced " + answered + " of " + ROUNDS
            + " messages; restores will be slower");
      }
    } catch (RuntimeException e) {
      warnings.accept("SnapStart priming of the click path failed (" + e.getClass().getSimpleName()
          + "); restores will be slower");
    }
    primeAws();
    forget();
  }

  /** @return how many rehearsal clicks replaced their message */
  int rehearse() {
    AtomicInteger replaced = new AtomicInteger();
    HttpServer responder;
    try {
      responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    responder.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      replaced.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    responder.start();
    FindingActions nothing = new FindingActions() {
      @Override
      public void act(TriageAction action, String region, String detectorId, String findingId, Duration timeLeft) {
      }

      @Override
      public List<String> detectors(String region, Duration timeLeft) {
        return List.of("0".repeat(32));
      }
    };
    try {
      String url = "http://127.0.0.1:" + responder.getAddress().getPort() + "/priming/";
      Triage.Edges rehearsal = new Triage.Edges(timeLeft -> SECRET, KEY, nothing,
          ReplayGuard.inMemory(Clock.systemUTC()), new TriageAudit(json, line -> { }, Clock.systemUTC()),
          triage.edges().responses().under(url));
      triage.rehearse(rehearsal, () -> {
        for (int i = 0; i < ROUNDS; i++) {
          triage.answer(signed(click(url, i)), "111122223333", triage.deadline());
        }
      });
      return replaced.get();
    } finally {
      responder.stop(0);
    }
  }

  void primeAws() {
    forget.region().ifPresent(region -> {
      try {
        forget.guardDuty().detectors(region, Duration.ofSeconds(3));
      } catch (AwsException e) {
        warnings.accept("SnapStart priming: GuardDuty's ListDetectors failed (" + e.getMessage()
            + "); restores will be slower");
      }
    });
  }

  void forget() {
    forget.credentials().ifPresent(AwsCredentials::forget);
    forget.secret().ifPresent(SecretsSigningSecret::forget);
    forget.keys().forget();
    http.connectionPool().evictAll();
  }

  private Triage.Request signed(byte[] body) {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    return new Triage.Request(Map.of("x-slack-request-timestamp", timestamp,
        "x-slack-signature", SlackSignature.sign(SECRET, timestamp, body)), body);
  }

  /** A click on Archive, as Slack sends it: a form field holding the payload. */
  private byte[] click(String responseUrl, int round) {
    String payload = JsonWriting.text(json, g -> {
      g.writeStringField("type", "block_actions");
      g.writeObjectFieldStart("team");
      g.writeStringField("id", settings.teamId().orElseThrow());
      g.writeEndObject();
      g.writeObjectFieldStart("user");
      g.writeStringField("id", settings.users().iterator().next());
      g.writeEndObject();
      g.writeStringField("response_url", responseUrl);
      g.writeArrayFieldStart("actions");
      g.writeStartObject();
      g.writeStringField("action_id", TriageAction.ARCHIVE.actionId());
      g.writeStringField("value", ButtonValue.write(FindingRef.of("111122223333", "us-east-1", "a".repeat(32),
          "b".repeat(32), Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow(),
          KEY.current(Duration.ZERO)));
      g.writeStringField("action_ts", "1700000000." + round);
      g.writeEndObject();
      g.writeEndArray();
      g.writeObjectFieldStart("message");
      g.writeStringField("text", "priming");
      g.writeArrayFieldStart("attachments");
      g.writeStartObject();
      g.writeStringField("color", "#B30000");
      g.writeArrayFieldStart("blocks");
      g.writeStartObject();
      g.writeStringField("type", "actions");
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    });
    return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }
}
