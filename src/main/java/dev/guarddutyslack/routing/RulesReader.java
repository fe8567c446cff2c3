package dev.guarddutyslack.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.slack.Mention;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the routing rules strictly, at start: every field known, every value of its type, each mistake named by
 * its rule and field ({@code ROUTES[2].until: not a date (YYYY-MM-DD)}), every rule's first, so that one start names
 * every rule to fix. What a rule then does is {@link Routes}'s.
 */
final class RulesReader {
  static final int MAX_RULES = 200;
  private static final Pattern DESTINATION = Pattern.compile("[A-Z0-9_]{1,40}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Set<String> RULE_FIELDS = Set.of("name", "match", "to", "mute", "until", "mention",
      "continue");
  private static final Set<String> MATCH_FIELDS = Set.of("account", "region", "type", "resourceType", "tag", "band",
      "minSeverity", "maxSeverity", "sample", "partOfSequence");
  private static final JsonFactory JSON = new JsonFactory();

  private RulesReader() {}

  /**
   * Reads rules as {@code ROUTES} gives them.
   *
   * @param variable what to call the rules in messages ({@code ROUTES})
   * @param accountNames {@code ACCOUNT_NAMES}: id to name, so that a rule may name an account
   * @return the rules in order; none for a blank text
   * @throws RoutesException naming the rule and field of each mistake (the first of each rule)
   */
  static List<Route> read(String text, String variable, Map<String, String> accountNames) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JsonTree.read(JSON, text);
    } catch (JsonProcessingException e) {
      throw new RoutesException(variable + ": not JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new RoutesException(variable + ": cannot be read");
    }
    if (root == null || !root.isArray()) {
      throw new RoutesException(variable + ": must be a JSON array of rules, [] for none");
    }
    if (root.size() > MAX_RULES) {
      throw new RoutesException(variable + ": at most " + MAX_RULES + " rules");
    }
    Map<String, Set<String>> idsByName = new HashMap<>();
    accountNames.forEach((id, name) -> idsByName.computeIfAbsent(name.toLowerCase(Locale.ROOT),
        k -> new TreeSet<>()).add(id));
    List<Route> rules = new ArrayList<>();
    List<String> mistakes = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < root.size(); i++) {
      Route rule;
      try {
        rule = new RuleReader(variable + "[" + i + "]", idsByName).read(i, root.get(i));
      } catch (RoutesException e) {
        mistakes.addAll(e.mistakes());
        continue;
      }
      if (!names.add(rule.name())) {
        mistakes.add(variable + "[" + i + "].name: " + rule.quotedName() + " names an earlier rule too; each"
            + " rule's name is what the log calls it");
      }
      rules.add(rule);
    }
    if (!mistakes.isEmpty()) {
      throw new RoutesException(mistakes);
    }
    return rules;
  }

  /** One rule, read strictly: every field known, every value of its type, each mistake named by its path. */
  private record RuleReader(String at, Map<String, Set<String>> idsByName) {

    Route read(int index, JsonNode rule) {
      if (rule == null || !rule.isObject()) {
        throw error("", "must be an object with name, match, and to or mute");
      }
      unknown(rule, RULE_FIELDS, "a rule has name, match, to, mute, until, mention and continue");
      String name = text(rule, "name", 80).orElseThrow(() -> error(".name", "is required: the log names the rule"));
      boolean sends = rule.has("to");
      boolean mutes = rule.has("mute");
      if (sends && mutes) {
        throw error("", "has both to and mute: a rule either sends or mutes");
      }
      if (!sends && !mutes) {
        throw error("", "needs to (destinations) or mute (the reason)");
      }
      Optional<String> mute = mutes ? Optional.of(text(rule, "mute", 200).orElseThrow(
          () -> error(".mute", "must be the reason, a non-empty text"))) : Optional.empty();
      List<String> to = sends ? destinations(rule.get("to")) : List.of();
      Optional<Mention> mention = mention(rule, mutes);
      boolean continues = bool(rule, "continue").orElse(false);
      if (continues && mutes) {
        throw error(".continue", "a mute rule ends the routing; continue is for rules with to");
      }
      // Read at any length, so that a time of day is told what until takes rather than that it is too long.
      Optional<LocalDate> until = text(rule, "until", 80).map(this::date);
      Match match = rule.has("match") ? match(rule.get("match")) : Match.ALL;
      return new Route(index, name, match, to, mention, mute, until, continues);
    }

    private List<String> destinations(JsonNode node) {
      List<String> names = strings(node, ".to");
      Set<String> seen = new LinkedHashSet<>();
      for (String name : names) {
        if (!DESTINATION.matcher(name).matches()) {
          throw error(".to", quoted(name) + " is not a destination name: upper-case letters, digits and _, at"
              + " most 40, as in SLACK_WEBHOOK_URL_<NAME> or the webhooks secret's keys");
        }
        if (!seen.add(name)) {
          throw error(".to", name + " is listed twice");
        }
      }
      return List.copyOf(seen);
    }

    private Optional<Mention> mention(JsonNode rule, boolean mutes) {
      Optional<String> written = text(rule, "mention", 40);
      if (written.isEmpty()) {
        return Optional.empty();
      }
      if (mutes) {
        throw error(".mention", "a muted finding is posted nowhere, so it mentions no one");
      }
      try {
        return Optional.of(Mention.parse(written.get()));
      } catch (IllegalArgumentException e) {
        throw error(".mention", e.getMessage());
      }
    }

    private LocalDate date(String text) {
      try {
        if (DATE.matcher(text).matches()) {
          return LocalDate.parse(text);
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      throw error(".until", quoted(text) + " is not a date: until takes the last day the rule applies, in UTC, as"
          + " YYYY-MM-DD (such as 2027-01-31), without a time of day");
    }

    private Match match(JsonNode node) {
      if (!node.isObject()) {
        throw error(".match", "must be an object of fields that must all hold");
      }
      unknown(node, MATCH_FIELDS, "match has account, region, type, resourceType, tag, band, minSeverity,"
          + " maxSeverity, sample and partOfSequence", ".match");
      Optional<Set<String>> accounts = node.has("account")
          ? Optional.of(accounts(strings(node.get("account"), ".match.account"))) : Optional.empty();
      Optional<Set<String>> regions = optionalSet(node, "region", value -> {
        if (!REGION.matcher(value).matches()) {
          throw error(".match.region", quoted(value) + " is not a region name such as eu-west-1");
        }
        return value;
      });
      Optional<List<Glob>> types = node.has("type") ? Optional.of(strings(node.get("type"), ".match.type").stream()
          .map(t -> glob(t, ".match.type")).toList()) : Optional.empty();
      Optional<Set<String>> resourceTypes = optionalSet(node, "resourceType", v -> v.toLowerCase(Locale.ROOT));
      Optional<Set<Severity>> bands = node.has("band") ? Optional.of(bands(node.get("band"))) : Optional.empty();
      Optional<Double> min = severity(node, "minSeverity");
      Optional<Double> max = severity(node, "maxSeverity");
      if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
        throw error(".match.minSeverity", "is above maxSeverity: no finding could match");
      }
      Optional<Match.Range> range = min.isPresent() || max.isPresent()
          ? Optional.of(new Match.Range(min.orElse(0.0), max.orElse(10.0))) : Optional.empty();
      Map<Match.Flag, Boolean> flags = new EnumMap<>(Match.Flag.class);
      for (Match.Flag flag : Match.Flag.values()) {
        bool(node, flag.field(), ".match." + flag.field()).ifPresent(value -> flags.put(flag, value));
      }
      return new Match(accounts, regions, types, resourceTypes, tags(node), bands, range, flags);
    }

    private Set<String> accounts(List<String> values) {
      Set<String> ids = new TreeSet<>();
      for (String value : values) {
        if (ACCOUNT_ID.matcher(value).matches()) {
          ids.add(value);
          continue;
        }
        Set<String> named = idsByName.get(value.toLowerCase(Locale.ROOT));
        if (named == null) {
          throw error(".match.account", quoted(value) + " is neither a 12-digit account id nor a name in"
              + " ACCOUNT_NAMES");
        }
        ids.addAll(named);
      }
      return Set.copyOf(ids);
    }

    private Optional<Map<String, Glob>> tags(JsonNode node) {
      if (!node.has("tag")) {
        return Optional.empty();
      }
      JsonNode tag = node.get("tag");
      if (!tag.isObject() || tag.isEmpty()) {
        throw error(".match.tag", "must be an object of tag key to value pattern, such as {\"team\": \"payments\"}");
      }
      Map<String, Glob> tags = new LinkedHashMap<>();
      tag.properties().forEach(entry -> {
        if (entry.getKey().isEmpty() || entry.getKey().length() > 128) {
          throw error(".match.tag", "a tag key has 1 to 128 characters");
        }
        if (!entry.getValue().isTextual()) {
          throw error(".match.tag." + entry.getKey(), "must be a value pattern (text)");
        }
        tags.put(entry.getKey(), glob(entry.getValue().asText(), ".match.tag." + entry.getKey()));
      });
      return Optional.of(Map.copyOf(tags));
    }

    private Set<Severity> bands(JsonNode node) {
      Set<Severity> bands = EnumSet.noneOf(Severity.class);
      for (String value : strings(node, ".match.band")) {
        Severity band = null;
        for (Severity candidate : Severity.values()) {
          if (candidate.name().equals(value)) {
            band = candidate;
          }
        }
        if (band == null) {
          throw error(".match.band", quoted(value) + " is not a band: LOW, MEDIUM, HIGH or CRITICAL");
        }
        bands.add(band);
      }
      return Collections.unmodifiableSet(bands);
    }

    private Optional<Double> severity(JsonNode node, String field) {
      if (!node.has(field)) {
        return Optional.empty();
      }
      JsonNode value = node.get(field);
      if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 10 || Double.isNaN(value.asDouble())) {
        throw error(".match." + field, "must be a number from 0 to 10");
      }
      return Optional.of(value.asDouble());
    }

    private Glob glob(String pattern, String field) {
      try {
        return Glob.of(pattern);
      } catch (IllegalArgumentException e) {
        throw error(field, quoted(pattern) + " " + e.getMessage());
      }
    }

    private Optional<Set<String>> optionalSet(JsonNode node, String field, Function<String, String> check) {
      if (!node.has(field)) {
        return Optional.empty();
      }
      Set<String> values = new LinkedHashSet<>();
      for (String value : strings(node.get(field), ".match." + field)) {
        values.add(check.apply(value));
      }
      return Optional.of(Set.copyOf(values));
    }

    /** A list of texts; one text stands for a list of it. Empty lists and empty texts are mistakes. */
    private List<String> strings(JsonNode node, String field) {
      List<String> values = new ArrayList<>();
      if (node.isTextual()) {
        values.add(node.asText());
      } else if (node.isArray()) {
        for (JsonNode item : node) {
          if (!item.isTextual()) {
            throw error(field, "must list texts");
          }
          values.add(item.asText());
        }
      } else {
        throw error(field, "must be a list of texts");
      }
      if (values.isEmpty()) {
        throw error(field, "is empty: a list means any of its entries, so an empty one matches nothing");
      }
      for (String value : values) {
        if (value.isBlank()) {
          throw error(field, "lists an empty text");
        }
      }
      return values;
    }

    private Optional<String> text(JsonNode node, String field, int max) {
      if (!node.has(field)) {
        return Optional.empty();
      }
      JsonNode value = node.get(field);
      if (!value.isTextual() || value.asText().isBlank()) {
        throw error("." + field, "must be a non-empty text");
      }
      if (value.asText().length() > max || value.asText().chars().anyMatch(Character::isISOControl)) {
        throw error("." + field, "must be one line of at most " + max + " characters");
      }
      return Optional.of(value.asText().strip());
    }

    private Optional<Boolean> bool(JsonNode node, String field) {
      return bool(node, field, "." + field);
    }

    private Optional<Boolean> bool(JsonNode node, String field, String path) {
      if (!node.has(field)) {
        return Optional.empty();
      }
      if (!node.get(field).isBoolean()) {
        throw error(path, "must be true or false");
      }
      return Optional.of(node.get(field).booleanValue());
    }

    private void unknown(JsonNode node, Set<String> known, String hint) {
      unknown(node, known, hint, "");
    }

    private void unknown(JsonNode node, Set<String> known, String hint, String prefix) {
      node.fieldNames().forEachRemaining(field -> {
        if (!known.contains(field)) {
          throw error(prefix + "." + (field.length() > 40 ? field.substring(0, 40) + "\u2026" : field),
              "unknown field; " + hint);
        }
      });
    }

    private RoutesException error(String field, String message) {
      return new RoutesException(at + field + ": " + message);
    }

    private static String quoted(String value) {
      String shown = value.length() > 60 ? value.substring(0, 60) + "\u2026" : value;
      return "\"" + shown + "\"";
    }
  }
}
