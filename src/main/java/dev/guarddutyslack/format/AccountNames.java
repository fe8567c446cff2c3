package dev.guarddutyslack.format;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names messages show beside account ids, and routing rules may match by ({@code ACCOUNT_NAMES}:
 * {@code 111122223333=Production, 444455556666=Staging}).
 */
public final class AccountNames {
  public static final String VARIABLE = "ACCOUNT_NAMES";
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  private AccountNames() {}

  /**
   * @return display names by account id, in the order given
   * @throws ConfigException when an entry is not {@code 12-digit-account-id=name}
   */
  public static Map<String, String> from(Env env) {
    Map<String, String> names = new LinkedHashMap<>();
    env.get(VARIABLE).ifPresent(text -> {
      for (String entry : text.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        String id = eq < 0 ? "" : entry.substring(0, eq).trim();
        if (!ACCOUNT_ID.matcher(id).matches() || entry.substring(eq + 1).isBlank()) {
          throw new ConfigException(VARIABLE + " must be a comma-separated list of 12-digit-account-id=name");
        }
        names.put(id, entry.substring(eq + 1).trim());
      }
    });
    return Map.copyOf(names);
  }
}
