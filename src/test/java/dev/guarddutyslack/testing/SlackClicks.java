package dev.guarddutyslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.triage.SlackSignature;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A click on a message's button as Slack sends it to the triage function: the {@code block_actions} payload (a form
 * body of one field), signed with the app's signing secret, in a Lambda Function URL request (payload format 2.0).
 *
 * @see <a href="https://api.slack.com/reference/interaction-payloads/block-actions">block_actions payloads</a>
 */
public final class SlackClicks {
  private SlackClicks() {}

  /**
   * The form body of a click on the button {@code actionId} of {@code message} (as the double or a webhook
   * recorded it), in channel {@code channel}, message {@code ts}.
   *
   * @param value the button's value, or null for a button without one
   * @param actionTs the click's own time, which tells one click from another
   */
  public static String payload(JsonNode message, String channel, String ts, String actionId, String user,
                               String team, String value, String responseUrl, String actionTs) {
    ObjectNode payload = TestApp.MAPPER.createObjectNode();
    payload.put("type", "block_actions");
    payload.putObject("team").put("id", team).put("domain", "example");
    payload.putObject("user").put("id", user).put("username", "responder").put("team_id", team);
    payload.put("api_app_id", "A0APP1");
    payload.putObject("container").put("type", "message_attachment").put("message_ts", ts)
        .put("attachment_id", 1).put("channel_id", channel).put("is_ephemeral", false);
    payload.put("trigger_id", ts + ".abc");
    payload.putObject("channel").put("id", channel).put("name", "security");
    ObjectNode shown = message.deepCopy();
    shown.remove(java.util.List.of("channel", "metadata"));
    shown.put("type", "message").put("ts", ts).put("bot_id", "B0BOT1");
    payload.set("message", shown);
    payload.put("response_url", responseUrl);
    ObjectNode action = payload.putArray("actions").addObject();
    action.put("action_id", actionId).put("block_id", "b1").put("type", "button").put("action_ts", actionTs);
    if (value != null) {
      action.put("value", value);
    }
    action.putObject("text").put("type", "plain_text").put("text", actionId);
    return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
  }

  /** The value of the button {@code actionId} in {@code message}. */
  public static String button(JsonNode message, String actionId) {
    for (JsonNode element : message.findValues("elements")) {
      for (JsonNode button : element) {
        if (actionId.equals(button.path("action_id").asText())) {
          return button.path("value").asText(null);
        }
      }
    }
    throw new AssertionError("no " + actionId + " button in " + message);
  }

  /** A Function URL request carrying {@code body}, with {@code headers} besides the usual ones. */
  public static ObjectNode functionUrlEvent(String body, Map<String, String> headers, boolean base64, String method,
                                            String requestId) {
    ObjectNode event = TestApp.MAPPER.createObjectNode();
    event.put("version", "2.0").put("routeKey", "$default").put("rawPath", "/").put("rawQueryString", "");
    ObjectNode h = event.putObject("headers");
    h.put("content-type", "application/x-www-form-urlencoded").put("host", "abc.lambda-url.eu-west-1.on.aws")
        .put("user-agent", "Slackbot 1.0 (+https://api.slack.com/robots)");
    headers.forEach(h::put);
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "anonymous").put("apiId", "abc").put("domainName", "abc.lambda-url.eu-west-1.on.aws")
        .put("requestId", requestId).put("routeKey", "$default").put("stage", "$default");
    context.putObject("http").put("method", method).put("path", "/").put("protocol", "HTTP/1.1")
        .put("sourceIp", "198.51.100.7").put("userAgent", "Slackbot 1.0");
    event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
    event.put("isBase64Encoded", base64);
    return event;
  }

  /** {@code body} signed with {@code secret} at {@code timestamp} (seconds), as Slack signs a request. */
  public static ObjectNode signed(String body, String secret, long timestamp, Map<String, String> extraHeaders,
                                  String requestId) {
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.put("x-slack-request-timestamp", Long.toString(timestamp));
    headers.put("x-slack-signature", SlackSignature.sign(secret, Long.toString(timestamp),
        body.getBytes(StandardCharsets.UTF_8)));
    return functionUrlEvent(body, headers, true, "POST", requestId);
  }
}
