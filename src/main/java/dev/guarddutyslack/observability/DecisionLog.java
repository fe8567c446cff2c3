package dev.guarddutyslack.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.guarddutyslack.delivery.DeliveryOutcome;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Outcome;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Writes one JSON line per decision, for CloudWatch Logs Insights ({@code filter decision = "failed"}).
 * It holds identifiers and outcomes only: webhook URLs never reach it. Fields that do not apply are left
 * out.
 *
 * <pre>{"level":"INFO","message":"finding posted","decision":"posted","messageId":"…","findingId":"…",
 * "findingType":"…","severity":2.0,"band":"LOW","accountId":"…","region":"…","sample":false,
 * "route":"on-call","destination":"ONCALL","destinations":["ONCALL","CRITICAL"],"slackStatus":200,"attempts":1,
 * "ms":412}</pre>
 *
 * <p>A finding sent to several destinations has a line for each; {@code route} names the routing rules that
 * decided, and is left out when none did (the band decided, as without rules).
 */
public final class DecisionLog {
  private final JsonFactory json;
  private final Consumer<String> sink;

  /** Standard output, in UTF-8, a line at a time: where Lambda takes a function's log from. */
  public static Consumer<String> stdout() {
    java.io.PrintStream out = new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
    return out::println;
  }

  public DecisionLog(JsonFactory json, Consumer<String> sink) {
    this.json = json;
    this.sink = sink;
  }

  /** The line for one decision. */
  public void write(Outcome outcome) {
    sink.accept(line(g -> {
      g.writeStringField("level", outcome.done() ? "INFO" : outcome.decision() == Decision.DEFERRED ? "INFO"
          : outcome.decision() == Decision.FAILED ? "ERROR" : "WARN");
      g.writeStringField("message", "finding " + outcome.decision().label());
      g.writeStringField("decision", outcome.decision().label());
      optional(g, "reason", outcome.reason());
      optional(g, "messageId", outcome.inputId());
      Finding finding = outcome.finding();
      if (finding != null) {
        optional(g, "findingId", finding.id());
        optional(g, "findingType", finding.type());
        if (finding.severity() != null && !finding.severity().isNaN()) {
          g.writeNumberField("severity", finding.severity());
        }
        if (finding.band().isPresent()) {
          g.writeStringField("band", finding.band().get().name());
        }
        optional(g, "accountId", finding.accountId());
        optional(g, "region", finding.region());
        g.writeBooleanField("sample", finding.isSample());
      }
      Outcome.Routed routed = outcome.routed();
      optional(g, "route", routed.rules().orElse(null));
      optional(g, "destination", routed.destination().orElse(null));
      if (!routed.destinations().isEmpty()) {
        g.writeArrayFieldStart("destinations");
        for (String destination : routed.destinations()) {
          g.writeString(destination);
        }
        g.writeEndArray();
      }
      DeliveryOutcome delivery = outcome.delivery();
      if (delivery != null) {
        g.writeNumberField("slackStatus", delivery.status());
        optional(g, "slackError", delivery.slackError());
        g.writeNumberField("attempts", delivery.attempts());
        if (!delivery.retryAfter().isZero()) {
          g.writeNumberField("retryAfterSeconds", delivery.retryAfter().toSeconds());
        }
      }
      g.writeNumberField("ms", outcome.elapsed().toMillis());
    }));
  }

  /**
   * The execution environment's life: {@code started} when Lambda initialises it, {@code restored} when
   * SnapStart resumes it from a snapshot; with the release, so that a log says which version ran.
   */
  public void lifecycle(String event, String version) {
    sink.accept(line(g -> {
      g.writeStringField("level", "INFO");
      g.writeStringField("message", "guardduty-slack " + version + " " + event);
      g.writeStringField("event", event);
      g.writeStringField("version", version);
    }));
  }

  /** A warning that concerns no single decision. */
  public void warn(String message) {
    sink.accept(line(g -> {
      g.writeStringField("level", "WARN");
      g.writeStringField("message", message);
    }));
  }

  /** A rate-limited record hidden until Slack's wait ends: {@code filter ispresent(visibleAgainAt)} finds it. */
  public void hidden(String messageId, java.time.Instant visibleAgainAt) {
    sink.accept(line(g -> {
      g.writeStringField("level", "INFO");
      g.writeStringField("message", "record " + messageId + " is hidden until Slack's wait ends");
      g.writeStringField("messageId", messageId);
      g.writeStringField("visibleAgainAt", visibleAgainAt.toString());
    }));
  }

  /** A resource outside the function set up wrong: {@code filter problem = "configuration"} finds it. */
  public void problem(String message) {
    sink.accept(line(g -> {
      g.writeStringField("level", "ERROR");
      g.writeStringField("message", message);
      g.writeStringField("problem", "configuration");
    }));
  }

  private String line(JsonWriting.Fields fields) {
    return JsonWriting.text(json, fields);
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
