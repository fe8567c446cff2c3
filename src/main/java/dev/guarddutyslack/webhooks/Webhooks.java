package dev.guarddutyslack.webhooks;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.guardduty.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Where each destination's messages go, by destination name, after validation: an incoming webhook, or a
 * channel the Slack app posts to ({@link Address}). The names are the bands ({@code LOW} … {@code CRITICAL}),
 * {@code DEFAULT} for every band without its own, and any other name a routing rule sends to. A band with
 * neither its own address nor a default has none and is not posted. A name that nothing uses (a typo such as
 * {@code CRITCAL}) is a configuration error, never a silently unused webhook; so is a destination given both a
 * webhook and a channel, and a channel without the app's bot token.
 */
public final class Webhooks {
  /** The key of the webhook every band without its own uses. */
  public static final String DEFAULT_KEY = "DEFAULT";
  /** What a destination may be called: upper case, digits and underscores. */
  public static final Pattern NAME = Pattern.compile("[A-Z0-9_]{1,40}");
  /** The names every configuration may use: the bands and the default. */
  public static final Set<String> BAND_NAMES = bandNames();

  private final Map<String, Address> byName;

  private static Set<String> bandNames() {
    Set<String> names = new TreeSet<>(Severity.keys());
    names.add(DEFAULT_KEY);
    return Collections.unmodifiableSet(names);
  }

  private Webhooks(Map<String, Address> byName) {
    this.byName = byName;
  }

  /**
   * Validates webhook URLs given by destination name.
   *
   * @param values the URLs by name (a name's case is ignored); blank means none
   * @param known the names something uses: {@link #BAND_NAMES} and the destinations of the routing rules
   * @param nameOf how to name a key in an error (the variable, or the secret and key), never the value
   * @throws ConfigException when a name is malformed or unused, or a URL is not https (or http on loopback)
   */
  public static Webhooks of(Map<String, String> values, Set<String> known, Function<String, String> nameOf) {
    Map<String, Address> byName = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String name = destination(entry.getKey(), known, nameOf, "a webhook's");
      if (byName.containsKey(name)) {
        throw new ConfigException(nameOf.apply(name) + " is given twice (names are not case-sensitive)");
      }
      Webhook webhook = parse(entry.getValue(), nameOf.apply(name));
      if (webhook != null) {
        byName.put(name, webhook);
      }
    }
    return new Webhooks(byName);
  }

  /**
   * These webhooks and the channels the app posts to.
   *
   * @param channels channel ids by destination name (a name's case is ignored); blank means none
   * @param token the app's bot token, needed when any channel is given
   * @param api the Web API's base URL ({@link Channel#SLACK_API})
   * @param nameOf how to name a channel's key in an error (the variable, or the secret and key)
   * @param tokenName how to name the token's key in an error
   * @throws ConfigException when a name is malformed, unused or given a webhook too, an id is not a channel id,
   *     or the token is missing or not a bot token; naming keys, never a value
   */
  public Webhooks withChannels(Map<String, String> channels, Optional<String> token, HttpUrl api, Set<String> known,
                               Function<String, String> nameOf, String tokenName) {
    Map<String, String> given = new LinkedHashMap<>();
    channels.forEach((key, value) -> {
      if (value != null && !value.isBlank()) {
        given.put(key, value);
      }
    });
    if (given.isEmpty()) {
      return this;
    }
    if (token.filter(t -> !t.isBlank()).isEmpty()) {
      throw new ConfigException(String.join(", ", given.keySet().stream().map(k -> nameOf.apply(
          k.toUpperCase(Locale.ROOT))).toList()) + " names a channel, which the Slack app posts to with its bot"
          + " token: set " + tokenName);
    }
    BotToken bot;
    try {
      bot = BotToken.of(token.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(tokenName + " " + e.getMessage());
    }
    Map<String, Address> all = new LinkedHashMap<>(byName);
    for (Map.Entry<String, String> entry : given.entrySet()) {
      String name = destination(entry.getKey(), known, nameOf, "a channel's");
      if (all.get(name) instanceof Webhook) {
        throw new ConfigException(nameOf.apply(name) + " and a webhook are both given for " + name + ": a"
            + " destination has a webhook or a channel, never both");
      }
      if (all.containsKey(name)) {
        throw new ConfigException(nameOf.apply(name) + " is given twice (names are not case-sensitive)");
      }
      try {
        all.put(name, Channel.of(entry.getValue(), bot, api));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(nameOf.apply(name) + " " + e.getMessage());
      }
    }
    return new Webhooks(all);
  }

  /** Bands and default only, as before any routing. */
  public static Webhooks of(Map<String, String> values, Function<String, String> nameOf) {
    return of(values, BAND_NAMES, nameOf);
  }

  /** The band's own address, else the default one. */
  public Optional<Address> forBand(Severity band) {
    Address own = byName.get(band.key());
    return Optional.ofNullable(own != null ? own : byName.get(DEFAULT_KEY));
  }

  /** The name of the webhook a band uses: its own, else {@code DEFAULT}; empty when it has neither. */
  public Optional<String> nameForBand(Severity band) {
    return byName.containsKey(band.key()) ? Optional.of(band.key())
        : byName.containsKey(DEFAULT_KEY) ? Optional.of(DEFAULT_KEY) : Optional.empty();
  }

  /**
   * Checks that every destination the routing rules name has a webhook.
   *
   * @param fields each destination, with the field that names it ({@code ONCALL} → {@code ROUTES[2].to})
   * @throws ConfigException naming the field and the destination, never a webhook
   */
  public void require(Map<String, String> fields) {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (forDestination(field.getKey()).isEmpty()) {
        throw new ConfigException(field.getValue() + ": no webhook or channel named " + field.getKey() + " (add the"
            + " key " + field.getKey() + " or channel:" + field.getKey() + " to the webhooks secret, or set"
            + " SLACK_WEBHOOK_URL_" + field.getKey() + " or SLACK_CHANNEL_" + field.getKey() + ")");
      }
    }
  }

  /** The webhook of a named destination (a band's name gives that band's own, or the default). */
  public Optional<Address> forDestination(String name) {
    for (Severity band : Severity.values()) {
      if (band.key().equals(name)) {
        return forBand(band);
      }
    }
    return Optional.ofNullable(byName.get(name));
  }

  /** The destinations that are channels, by name (the app's messages are remembered under these names). */
  public Map<String, Channel> channels() {
    Map<String, Channel> channels = new java.util.TreeMap<>();
    byName.forEach((name, address) -> {
      if (address instanceof Channel channel) {
        channels.put(name, channel);
      }
    });
    return channels;
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** Whether any destination is a channel (the app's Web API is then used). */
  public boolean anyChannel() {
    return byName.values().stream().anyMatch(Channel.class::isInstance);
  }

  /** The destination names that have a webhook or channel, for start-up logs and errors (never the URLs). */
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(byName.keySet()));
  }

  private static Webhook parse(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Webhook.of(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " " + e.getMessage());
    }
  }

  /**
   * The destination a key names, in upper case.
   *
   * @param whose how an error speaks of the name ("a webhook's", "a channel's")
   * @throws ConfigException when it is malformed or nothing uses it, naming the key, never the value
   */
  private static String destination(String key, Set<String> known, Function<String, String> nameOf, String whose) {
    String name = key.toUpperCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(nameOf.apply(quoted(key)) + " is not a destination name: upper-case letters, digits"
          + " and _, at most 40");
    }
    if (!known.contains(name)) {
      throw new ConfigException(nameOf.apply(name) + " is used by nothing: " + whose + " name must be a band ("
          + String.join(", ", BAND_NAMES) + ") or a destination that a rule of ROUTES sends to");
    }
    return name;
  }

  private static String quoted(String key) {
    String shown = key.length() > 60 ? key.substring(0, 60) + "\u2026" : key;
    return "\"" + shown.replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return "Webhooks" + names();
  }
}
