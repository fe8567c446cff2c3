package dev.guarddutyslack.routing;

import dev.guarddutyslack.slack.Mention;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the rules send one finding: muted by a rule; or to the destinations of the rules that matched, and
 * also by band when no rule that matched ended the routing (none matched, or each said {@code continue}).
 *
 * @param matched the rules that matched, in order (for the log)
 * @param mutedBy the rule that muted it
 * @param targets the destinations the rules name, each once, with the mentions of the rules that named it
 * @param byBand whether the finding also goes where its band goes, as without rules
 */
public record Routing(List<Route> matched, Optional<Route> mutedBy, List<Target> targets, boolean byBand) {

  /** What the rules do without any rule: the band decides, as it always has. */
  public static final Routing BY_BAND = new Routing(List.of(), Optional.empty(), List.of(), true);

  public Routing {
    matched = List.copyOf(matched);
    targets = List.copyOf(targets);
  }

  /** A destination a rule sends to. */
  public record Target(String destination, List<Mention> mentions) {
    public Target {
      mentions = List.copyOf(mentions);
    }
  }

  /** The names of the rules that decided, for the decision log's {@code route}; empty when none matched. */
  public Optional<String> ruleNames() {
    if (mutedBy.isPresent()) {
      return Optional.of(mutedBy.get().name());
    }
    return matched.isEmpty() ? Optional.empty()
        : Optional.of(matched.stream().map(Route::name).collect(Collectors.joining(", ")));
  }

  /**
   * One line for people: {@code routed by rule 'on-call' to ONCALL, CRITICAL}; {@code muted by rule
   * 'sandbox recon' until 2027-01-31: expected scanning in the sandbox}; {@code no rule matched: by band}.
   *
   * @param bandDestination what the band's routing comes to for this finding ({@code HIGH}, or none)
   */
  public String describe(Optional<String> bandDestination) {
    if (mutedBy.isPresent()) {
      Route rule = mutedBy.get();
      return "muted by rule " + rule.quotedName() + rule.until().map(d -> " until " + d).orElse("") + ": "
          + rule.mute().orElse("");
    }
    String band = bandDestination.map(d -> "by band to " + d).orElse("by band, which has no webhook");
    if (matched.isEmpty()) {
      return "no rule matched: routed " + band;
    }
    String rules = (matched.size() == 1 ? "rule " : "rules ")
        + matched.stream().map(Route::quotedName).collect(Collectors.joining(", "));
    String to = targets.stream().map(t -> t.destination() + (t.mentions().isEmpty() ? ""
        : " (" + t.mentions().stream().map(m -> "@" + m).collect(Collectors.joining(" ")) + ")"))
        .collect(Collectors.joining(", "));
    return "routed by " + rules + " to " + to + (byBand ? ", and " + band : "");
  }
}
