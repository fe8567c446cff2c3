package dev.guarddutyslack;

import dev.guarddutyslack.guardduty.Severity;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * The webhook for each band, after validation. A band without its own webhook uses the default one; a band
 * with neither has none and is not posted.
 */
public final class Webhooks {
  /** The key of the webhook every band without its own uses. */
  public static final String DEFAULT_KEY = "DEFAULT";
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final Map<Severity, HttpUrl> byBand;

  private Webhooks(Map<Severity, HttpUrl> byBand) {
    this.byBand = byBand;
  }

  /** No webhook for any band. */
  public static Webhooks none() {
    return new Webhooks(new EnumMap<>(Severity.class));
  }

  /**
   * Validates webhook URLs given by key ({@code LOW}…{@code CRITICAL}, {@code DEFAULT}).
   *
   * @param values the URLs by key; blank or missing means none
   * @param nameOf how to name a key in an error (the variable or secret key), never the value
   * @throws ConfigException when a URL is not https (or http on a loopback host)
   */
  public static Webhooks of(Map<String, String> values, Function<String, String> nameOf) {
    HttpUrl fallback = parse(values.get(DEFAULT_KEY), nameOf.apply(DEFAULT_KEY));
    Map<Severity, HttpUrl> byBand = new EnumMap<>(Severity.class);
    for (Severity band : Severity.values()) {
      HttpUrl own = parse(values.get(band.key()), nameOf.apply(band.key()));
      HttpUrl chosen = own != null ? own : fallback;
      if (chosen != null) {
        byBand.put(band, chosen);
      }
    }
    return new Webhooks(byBand);
  }

  public Optional<HttpUrl> forBand(Severity band) {
    return Optional.ofNullable(byBand.get(band));
  }

  public boolean isEmpty() {
    return byBand.isEmpty();
  }

  /** Which bands have a webhook, for start-up logs (never the URLs). */
  public Set<Severity> bands() {
    return byBand.keySet();
  }

  private static HttpUrl parse(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    HttpUrl url = HttpUrl.parse(value.trim());
    if (url == null) {
      throw new ConfigException(name + " is not a valid URL");
    }
    String host = url.host().toLowerCase(Locale.ROOT);
    if (!url.isHttps() && !LOOPBACK.contains(host)) {
      throw new ConfigException(name + " must be an https:// URL (plain http is allowed only for 127.0.0.1 or localhost)");
    }
    return url;
  }

  @Override
  public String toString() {
    return "Webhooks" + bands();
  }
}
