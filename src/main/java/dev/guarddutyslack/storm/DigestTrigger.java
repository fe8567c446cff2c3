package dev.guarddutyslack.storm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.json.JsonWriting;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The function's own message to its queue, sent delayed until a window closes: that destination's digest is due.
 * Written here and read here. docs/storms.md documents its shape, so that an operator can send one by hand:
 * <pre>{"guardduty-slack":"digest","destination":"HIGH","windowStart":"2026-11-29T10:05:00Z","windowMinutes":5}</pre>
 */
public final class DigestTrigger {
  /** The field that marks a trigger; no EventBridge event has it. */
  public static final String MARKER = "guardduty-slack";
  private static final Pattern DESTINATION = Pattern.compile("[A-Z0-9_]{1,40}");

  private DigestTrigger() {}

  /** The trigger of the window's digest. */
  public static String write(JsonFactory json, Window window) {
    return JsonWriting.text(json, g -> {
      g.writeStringField(MARKER, "digest");
      g.writeStringField("destination", window.destination());
      g.writeStringField("windowStart", window.start().toString());
      g.writeNumberField("windowMinutes", window.minutes());
    });
  }

  /** Whether the object is meant as a trigger (well formed or not). */
  public static boolean is(JsonNode event) {
    return event != null && event.has(MARKER);
  }

  /** A short name for the trigger, where it has no id of its own ({@code digest HIGH 2026-11-29T10:05:00Z}). */
  public static String name(JsonNode event) {
    return "digest " + event.path("destination").asText() + " " + event.path("windowStart").asText();
  }

  /**
   * Reads a trigger ({@link #is} holds): the digest that is due, or unreadable when it is not of the documented
   * shape (a window's start that is not a whole number of windows since the epoch included). Never throws.
   */
  public static ParsedEvent read(JsonNode event) {
    Optional<Window> window = window(event);
    if (!"digest".equals(event.path(MARKER).asText()) || window.isEmpty()) {
      return new ParsedEvent.Unreadable("a digest trigger that is not {\"guardduty-slack\":\"digest\","
          + "\"destination\":<NAME>,\"windowStart\":<the window's start, ISO-8601 UTC>,\"windowMinutes\":<1 to 1440>}");
    }
    return new ParsedEvent.DigestDue(window.get().destination(), window.get().start(), window.get().length());
  }

  /**
   * The window one of the function's own messages names ({@code destination}, {@code windowStart},
   * {@code windowMinutes}); empty unless each is of its shape and the start is a whole number of windows since the
   * epoch.
   */
  static Optional<Window> window(JsonNode event) {
    String destination = event.path("destination").asText("");
    long minutes = event.path("windowMinutes").isIntegralNumber() ? event.path("windowMinutes").asLong() : -1;
    Instant start;
    try {
      start = Instant.parse(event.path("windowStart").asText(""));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    if (!DESTINATION.matcher(destination).matches() || minutes < 1 || minutes > 1440
        || start.getEpochSecond() % (minutes * 60) != 0 || start.getNano() != 0) {
      return Optional.empty();
    }
    return Optional.of(new Window(destination, start, Duration.ofMinutes(minutes)));
  }

}
