package dev.guarddutyslack.slack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a message posted through the Web API says about itself to other apps and to this one: an event type and
 * a flat payload of strings and numbers. Slack shows none of it in the channel.
 *
 * @see <a href="https://api.slack.com/metadata/using">Message metadata</a>
 */
public record MessageMetadata(String eventType, Map<String, Object> payload) {
  /** The most of one string value kept: metadata says what a message is about, not the whole finding. */
  static final int VALUE = 256;

  public MessageMetadata {
    if (!eventType.matches("[a-z0-9_]{1,64}")) {
      throw new IllegalArgumentException("an event type is lower-case letters, digits and _");
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    payload.forEach((key, value) -> {
      if (value instanceof String text) {
        kept.put(key, text.length() > VALUE ? text.substring(0, VALUE) : text);
      } else if (value instanceof Number) {
        kept.put(key, value);
      }
    });
    payload = java.util.Collections.unmodifiableMap(kept);
  }
}
