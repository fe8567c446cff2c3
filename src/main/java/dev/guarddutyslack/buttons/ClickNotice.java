package dev.guarddutyslack.buttons;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.ConsoleChange;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonWriting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a triage click did, handed on by the triage function to the notifier's queue, so that every message of the
 * finding the Slack app posted (one per destination) shows it, not only the clicked one:
 * <pre>{"guardduty-slack":"triaged","action":"archive","region":"eu-west-1","findingId":"…","user":"U0…",
 * "at":"2026-11-20T10:14:05Z","mac":"…"}</pre>
 * The notifier acts on it only when the MAC, made with the triage button key (which only the two functions hold),
 * covers every field: anyone else who can send to the queue cannot make a message say a finding was archived.
 * Written by the triage function and read by the notifier, here alone; docs/app-mode.md documents it.
 */
public final class ClickNotice {
  /** The marker field's value; the function's other own message, a digest trigger, has {@code digest}. */
  public static final String KIND = "triaged";
  /** The marker field (shared with the digest trigger); no EventBridge event has it. */
  public static final String MARKER = "guardduty-slack";
  /** The actions, as the buttons name them, and what each did. */
  private static final Map<String, String> ACTIONS = Map.of("archive", ConsoleChange.ARCHIVED,
      "unarchive", ConsoleChange.UNARCHIVED, "useful", ConsoleChange.USEFUL, "not_useful", ConsoleChange.NOT_USEFUL);
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern FINDING = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{32}");
  private static final String DOMAIN = "guardduty-slack triaged v1\n";

  private ClickNotice() {}

  /** Whether the object is meant as a notice (well formed or not). */
  public static boolean is(JsonNode event) {
    return event != null && KIND.equals(event.path(MARKER).asText());
  }

  /** A short name for the notice, where it has no id of its own ({@code triaged archive d60c…}). */
  public static String name(JsonNode event) {
    return KIND + " " + event.path("action").asText() + " " + event.path("findingId").asText();
  }

  /**
   * The notice of a click, bound with {@code key} (the current button key).
   *
   * @param action the button's action id ({@code archive}, {@code unarchive}, {@code useful}, {@code not_useful})
   * @param userId who clicked, a Slack user id
   * @throws IllegalArgumentException when a part is not of its shape
   */
  public static String write(JsonFactory json, String action, String region, String findingId, String userId,
                             Instant at, byte[] key) {
    String when = at.truncatedTo(ChronoUnit.SECONDS).toString();
    if (!ACTIONS.containsKey(action) || !REGION.matcher(region).matches() || !FINDING.matcher(findingId).matches()
        || !USER.matcher(userId).matches()) {
      throw new IllegalArgumentException("not a click this project can hand on");
    }
    String mac = ButtonValue.mac(DOMAIN, signed(ACTIONS.get(action), region, findingId, userId, when), key);
    return JsonWriting.text(json, g -> {
      g.writeStringField(MARKER, KIND);
      g.writeStringField("action", action);
      g.writeStringField("region", region);
      g.writeStringField("findingId", findingId);
      g.writeStringField("user", userId);
      g.writeStringField("at", when);
      g.writeStringField("mac", mac);
    });
  }

  /**
   * Reads a notice ({@link #is} holds): the change it claims, its MAC not yet checked ({@link #genuine}), or
   * unreadable when it is not of the documented shape. Never throws.
   */
  public static ParsedEvent read(JsonNode event) {
    String action = ACTIONS.get(event.path("action").asText());
    String region = event.path("region").asText("");
    String finding = event.path("findingId").asText("");
    String user = event.path("user").asText("");
    String at = event.path("at").asText("");
    String mac = event.path("mac").asText("");
    boolean instant;
    try {
      instant = Instant.parse(at).toString().equals(at);
    } catch (DateTimeParseException e) {
      instant = false;
    }
    if (action == null || !REGION.matcher(region).matches() || !FINDING.matcher(finding).matches()
        || !USER.matcher(user).matches() || !instant || !MAC.matcher(mac).matches()) {
      return new ParsedEvent.Unreadable("a triage notice that is not {\"guardduty-slack\":\"triaged\",\"action\":"
          + "<archive|unarchive|useful|not_useful>,\"region\",\"findingId\",\"user\":<a Slack user id>,\"at\":"
          + "<ISO-8601 UTC, whole seconds>,\"mac\"}");
    }
    return new ParsedEvent.ConsoleChangeEvent(ConsoleChange.inSlack(action, finding, region, user, at, mac));
  }

  /** Whether one of {@code keys} made the MAC of a change made in Slack, over everything it says. */
  public static boolean genuine(ConsoleChange change, List<byte[]> keys) {
    if (!change.madeInSlack() || change.mac() == null || change.findingIds().size() != 1) {
      return false;
    }
    String signed = signed(change.action(), change.region(), change.findingIds().get(0), change.slackUser(),
        change.at());
    byte[] given = change.mac().getBytes(StandardCharsets.US_ASCII);
    for (byte[] key : keys) {
      if (MessageDigest.isEqual(ButtonValue.mac(DOMAIN, signed, key).getBytes(StandardCharsets.US_ASCII), given)) {
        return true;
      }
    }
    return false;
  }

  private static String signed(String action, String region, String findingId, String userId, String at) {
    return String.join("\n", action, region, findingId, userId, at);
  }
}
