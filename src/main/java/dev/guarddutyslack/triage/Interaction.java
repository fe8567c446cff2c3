package dev.guarddutyslack.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.json.JsonTree;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A click as Slack sends it to the Request URL: a form body whose {@code payload} field is the JSON of a
 * {@code block_actions} interaction. Only what triage uses is kept; the ids are checked against Slack's shapes
 * so that nothing else reaches a log line or a message.
 *
 * @param type {@code block_actions} for a button
 * @param teamId the workspace ({@code T…})
 * @param userId who clicked ({@code U…} or {@code W…}); empty unless of that shape
 * @param actionId the button's {@code action_id}
 * @param value the button's {@code value}; empty for a link button
 * @param actionTs when Slack took the click (with the rest, what makes a replay recognisable)
 * @param responseUrl where the message can be replaced, or an ephemeral answer sent
 * @param message the message the button was in, as Slack shows it
 * @see <a href="https://api.slack.com/reference/interaction-payloads/block-actions">block_actions payloads</a>
 */
public record Interaction(String type, String teamId, Optional<String> userId, String actionId, String value,
                          String actionTs, String responseUrl, JsonNode message) {
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,20}");

  /** The interaction of a form body; empty when it holds no readable {@code payload}. */
  public static Optional<Interaction> parse(JsonFactory json, byte[] body) {
    String form = new String(body, StandardCharsets.UTF_8);
    for (String field : form.split("&")) {
      if (field.startsWith("payload=")) {
        try {
          JsonNode payload = JsonTree.read(json, URLDecoder.decode(field.substring(8), StandardCharsets.UTF_8));
          JsonNode action = payload.path("actions").path(0);
          String user = payload.path("user").path("id").asText("");
          return Optional.of(new Interaction(payload.path("type").asText(""),
              payload.path("team").path("id").asText(""),
              USER.matcher(user).matches() ? Optional.of(user) : Optional.empty(),
              action.path("action_id").asText(""), action.path("value").asText(""),
              action.path("action_ts").asText(""), payload.path("response_url").asText(""),
              payload.path("message")));
        } catch (IOException | IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
