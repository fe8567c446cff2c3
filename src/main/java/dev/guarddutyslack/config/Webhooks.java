package dev.guarddutyslack.config;

import dev.guarddutyslack.delivery.Webhook;
import dev.guarddutyslack.guardduty.Severity;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The webhook for each band, after validation. A band without its own webhook uses the default one; a band
 * with neither has none and is not posted.
 */
public final class Webhooks {
  /** The key of the webhook every band without its own uses. */
  public static final String DEFAULT_KEY = "DEFAULT";

  private final Map<Severity, Webhook> byBand;

  private Webhooks(Map<Severity, Webhook> byBand) {
    this.byBand = byBand;
  }

  /**
   * Validates webhook URLs given by key ({@code LOW}…{@code CRITICAL}, {@code DEFAULT}).
   *
   * @param values the URLs by key; blank or missing means none
   * @param nameOf how to name a key in an error (the variable or secret key), never the value
   * @throws ConfigException when a URL is not https (or http on a loopback host)
   */
  public static Webhooks of(Map<String, String> values, Function<String, String> nameOf) {
    Webhook fallback = parse(values.get(DEFAULT_KEY), nameOf.apply(DEFAULT_KEY));
    Map<Severity, Webhook> byBand = new EnumMap<>(Severity.class);
    for (Severity band : Severity.values()) {
      Webhook own = parse(values.get(band.key()), nameOf.apply(band.key()));
      Webhook chosen = own != null ? own : fallback;
      if (chosen != null) {
        byBand.put(band, chosen);
      }
    }
    return new Webhooks(byBand);
  }

  public Optional<Webhook> forBand(Severity band) {
    return Optional.ofNullable(byBand.get(band));
  }

  public boolean isEmpty() {
    return byBand.isEmpty();
  }

  /** Which bands have a webhook, for start-up logs (never the URLs). */
  public Set<Severity> bands() {
    return byBand.keySet();
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

  @Override
  public String toString() {
    return "Webhooks" + bands();
  }
}
