package dev.guarddutyslack.routing;

import dev.guarddutyslack.config.ConfigException;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.slack.Mention;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing rules ({@code ROUTES}): read and checked once, at start, then asked for each finding. Rules are
 * tried in order; the first that matches decides, unless it says {@code continue}, in which case later rules
 * may add destinations; when no rule that matched ended the routing, the finding also goes where its band
 * goes, exactly as without rules. A mute rule ends the routing and nothing is posted; it never applies to a
 * CRITICAL finding unless its match names that band ({@code "band": "CRITICAL"}, or a severity range reaching
 * 9.0), because tags, resource names and the other fields a rule can match are written by whoever controls the
 * attacked account. A rule past its {@code until} no longer applies.
 *
 * <p>Mistakes in the rules are a {@link RoutesException} naming each rule and field
 * ({@code ROUTES[2].until: not a date (YYYY-MM-DD)}), every rule's first; whether each destination has a webhook is
 * checked where the webhooks are known ({@link #destinationFields}).
 */
public final class Routes {
  /** The variable the rules are given in, and what messages call them. */
  public static final String VARIABLE = "ROUTES";
  /** No rules: every finding goes by band. */
  public static final Routes NONE = new Routes(List.of());
  public static final int MAX_RULES = RulesReader.MAX_RULES;

  private final List<Route> rules;
  private final Set<Integer> announcedExpiries = ConcurrentHashMap.newKeySet();

  private Routes(List<Route> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<Route> rules() {
    return rules;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The rules of {@code ROUTES}; none when it is unset.
   *
   * @param accountNames {@code ACCOUNT_NAMES}: id to name, so that a rule may name an account
   * @throws ConfigException naming the rule and field of each mistake (the first of each rule)
   */
  public static Routes from(Env env, Map<String, String> accountNames) {
    try {
      return parse(env.get(VARIABLE).orElse(null), VARIABLE, accountNames);
    } catch (RoutesException e) {
      throw new ConfigException(e.mistakes());
    }
  }

  /**
   * Reads rules as {@code ROUTES} gives them ({@link RulesReader}).
   *
   * @param variable what to call the rules in messages ({@code ROUTES})
   * @param accountNames {@code ACCOUNT_NAMES}: id to name, so that a rule may name an account
   * @throws RoutesException naming the rule and field of each mistake (the first of each rule)
   */
  public static Routes parse(String text, String variable, Map<String, String> accountNames) {
    List<Route> rules = RulesReader.read(text, variable, accountNames);
    return rules.isEmpty() ? NONE : new Routes(rules);
  }

  /**
   * Where the finding goes, by the rules that apply on {@code today} (UTC).
   *
   * @param band the finding's band (its numeric severity's)
   */
  public Routing route(Finding finding, Severity band, LocalDate today) {
    if (rules.isEmpty()) {
      return Routing.BY_BAND;
    }
    Match.Facts facts = new Match.Facts(finding, band);
    List<Route> matched = new ArrayList<>(2);
    Map<String, List<Mention>> targets = new LinkedHashMap<>();
    for (Route rule : rules) {
      if (rule.expired(today) || !rule.match().test(facts)
          || rule.mutes() && band == Severity.CRITICAL && !rule.match().namesCritical()) {
        continue;
      }
      if (rule.mutes()) {
        return new Routing(List.of(rule), Optional.of(rule), List.of(), false);
      }
      matched.add(rule);
      for (String destination : rule.to()) {
        List<Mention> mentions = targets.computeIfAbsent(destination, k -> new ArrayList<>(1));
        rule.mention().filter(m -> !mentions.contains(m)).ifPresent(mentions::add);
      }
      if (!rule.continues()) {
        return routing(matched, targets, false);
      }
    }
    return routing(matched, targets, true);
  }

  private static Routing routing(List<Route> matched, Map<String, List<Mention>> targets, boolean byBand) {
    List<Routing.Target> list = new ArrayList<>(targets.size());
    targets.forEach((destination, mentions) -> list.add(new Routing.Target(destination, mentions)));
    return new Routing(matched, Optional.empty(), list, byBand);
  }

  /** The rules that have ended by {@code today} and were not reported before: each is reported once. */
  public List<Route> newlyExpired(LocalDate today) {
    List<Route> expired = new ArrayList<>();
    for (Route rule : rules) {
      if (rule.expired(today) && announcedExpiries.add(rule.index())) {
        expired.add(rule);
      }
    }
    return expired;
  }

  /**
   * Each destination the rules send to, with the first field that names it ({@code ONCALL} →
   * {@code ROUTES[2].to}), so that a missing webhook is reported where it is named.
   */
  public Map<String, String> destinationFields(String variable) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Route rule : rules) {
      for (String destination : rule.to()) {
        fields.putIfAbsent(destination, variable + "[" + rule.index() + "].to");
      }
    }
    return Collections.unmodifiableMap(fields);
  }
}
