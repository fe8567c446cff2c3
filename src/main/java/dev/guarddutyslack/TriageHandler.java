package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.observability.DecisionLog;
import dev.guarddutyslack.snapstart.EntryPoint;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.triage.Triage;
import dev.guarddutyslack.wiring.TriageApp;
import dev.guarddutyslack.wiring.TriageWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The triage function's entry point: a Lambda Function URL request (payload format 2.0) from Slack's
 * interactivity, the body decoded when the URL flags it as base64, answered by {@link Triage}; an
 * {@link EntryPoint} (a CRaC resource), so that a SnapStart snapshot is primed and holds no connection,
 * credential or secret.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads">Function URL payloads</a>
 */
public final class TriageHandler extends EntryPoint implements RequestStreamHandler {
  /** Slack's payloads are a few kilobytes; a body past this is not one of them. */
  static final int MAX_BODY = 256 * 1024;

  private final TriageApp app;

  /** Used by Lambda: wires production objects once per execution environment. */
  public TriageHandler() {
    this(TriageWiring.production(System.getenv(), DecisionLog.stdout()));
    started();
  }

  /** Used by tests and tools. */
  public TriageHandler(TriageApp app) {
    super(app.lifecycle());
    this.app = app;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    // The click's one deadline starts as it arrives: Slack counts its 3 seconds from the request.
    Deadline deadline = app.triage().deadline();
    JsonNode event = JsonTree.read(app.json(), input);
    Triage.Answer answer = answer(event, context == null ? "" : accountOf(context.getInvokedFunctionArn()),
        deadline);
    JsonWriting.to(output, app.json(), g -> {
      g.writeNumberField("statusCode", answer.status());
      g.writeObjectFieldStart("headers");
      g.writeStringField("content-type", "text/plain; charset=utf-8");
      g.writeEndObject();
      g.writeStringField("body", answer.body());
    });
  }

  private Triage.Answer answer(JsonNode event, String ownAccount, Deadline deadline) {
    if (!"POST".equals(event.path("requestContext").path("http").path("method").asText())) {
      return new Triage.Answer(405, "");
    }
    String body = event.path("body").asText("");
    if (body.length() > MAX_BODY * 2) {
      return new Triage.Answer(413, "");
    }
    byte[] bytes;
    try {
      bytes = event.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
          : body.getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Triage.Answer(400, "");
    }
    if (bytes.length > MAX_BODY) {
      return new Triage.Answer(413, "");
    }
    Map<String, String> headers = new HashMap<>();
    event.path("headers").properties().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT),
        h.getValue().asText()));
    return app.triage().answer(new Triage.Request(headers, bytes), ownAccount, deadline);
  }

  /** {@code arn:aws:lambda:eu-west-1:111122223333:function:name:alias} → {@code 111122223333}. */
  static String accountOf(String functionArn) {
    String[] parts = functionArn == null ? new String[0] : functionArn.split(":");
    return parts.length > 4 ? parts[4] : "";
  }
}
