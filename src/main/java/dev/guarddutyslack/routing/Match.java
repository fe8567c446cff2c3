package dev.guarddutyslack.routing;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.guardduty.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule's {@code match} asks of a finding. Every field given must hold; a list holds when any of its
 * entries does; a field not given holds for every finding.
 *
 * @param accounts account ids (names from {@code ACCOUNT_NAMES} are resolved to ids when the rules are read)
 * @param regions region names, exactly
 * @param types finding type patterns
 * @param resourceTypes {@code resource.resourceType}, in any case
 * @param tags tag key to value pattern: each must be a tag of some resource the finding names
 * @param bands severity bands
 * @param severity the numeric severity's bounds, both inclusive ({@code minSeverity}, {@code maxSeverity})
 * @param flags what the finding is or is not ({@link Flag}): each given must be as given
 */
public record Match(Optional<Set<String>> accounts, Optional<Set<String>> regions, Optional<List<Glob>> types,
                    Optional<Set<String>> resourceTypes, Optional<Map<String, Glob>> tags,
                    Optional<Set<Severity>> bands, Optional<Range> severity, Map<Flag, Boolean> flags) {

  /** Every finding. */
  public static final Match ALL = new Match(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

  public Match {
    flags = Map.copyOf(flags);
  }

  /** A yes-or-no fact of a finding that a rule can ask for, by its field in {@code match}. */
  public enum Flag {
    /** One of GuardDuty's sample findings ({@code "sample": true}). */
    SAMPLE("sample"),
    /** Part of an attack sequence: it names one ({@code "partOfSequence": true}). */
    PART_OF_SEQUENCE("partOfSequence");

    private final String field;

    Flag(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** Numeric severity bounds, both inclusive; a missing bound is the scale's end (0 or 10). */
  public record Range(double min, double max) {
    boolean contains(double severity) {
      return severity >= min && severity <= max;
    }
  }

  /**
   * Whether the match names the CRITICAL band itself: {@code band} lists it, or the severity range reaches 9.0.
   * Tags, names and other fields the attacked account controls never do: a mute applies to a CRITICAL finding
   * only when its match says so in these terms.
   */
  public boolean namesCritical() {
    return bands.map(b -> b.contains(Severity.CRITICAL)).orElse(false)
        || severity.map(range -> range.max() >= Severity.CRITICAL.lowerBound()).orElse(false);
  }

  /** Whether the finding (in {@code band}) meets every field. */
  boolean test(Facts finding) {
    return accounts.map(a -> a.contains(finding.account())).orElse(true)
        && regions.map(r -> r.contains(finding.region())).orElse(true)
        && types.map(globs -> anyMatches(globs, finding.type())).orElse(true)
        && resourceTypes.map(r -> r.contains(finding.resourceType())).orElse(true)
        && bands.map(b -> b.contains(finding.band())).orElse(true)
        && severity.map(range -> range.contains(finding.severity())).orElse(true)
        && flagsHold(finding)
        && tags.map(t -> hasTags(t, finding)).orElse(true);
  }

  private boolean flagsHold(Facts finding) {
    if (flags.isEmpty()) {
      return true;
    }
    for (Map.Entry<Flag, Boolean> flag : flags.entrySet()) {
      if (finding.flag(flag.getKey()) != flag.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(List<Glob> globs, String text) {
    for (Glob glob : globs) {
      if (glob.matches(text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasTags(Map<String, Glob> wanted, Facts finding) {
    for (Map.Entry<String, Glob> entry : wanted.entrySet()) {
      boolean found = false;
      for (ResourceKind.Tag tag : finding.tags()) {
        if (entry.getKey().equals(tag.key()) && entry.getValue().matches(tag.value())) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * What rules look at, read from the finding once however many rules there are; its tags only when a rule
   * asks for them.
   */
  static final class Facts {
    private final Finding finding;
    private final Severity band;
    private List<ResourceKind.Tag> tags;

    Facts(Finding finding, Severity band) {
      this.finding = finding;
      this.band = band;
    }

    String account() {
      String id = finding.accountId();
      return id == null ? "" : id.trim();
    }

    String region() {
      return finding.region();
    }

    String type() {
      return finding.type();
    }

    String resourceType() {
      String type = finding.resource().text("resourceType");
      return type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
    }

    Severity band() {
      return band;
    }

    double severity() {
      Double severity = finding.severity();
      return severity == null ? Double.NaN : severity;
    }

    boolean flag(Flag flag) {
      return switch (flag) {
        case SAMPLE -> finding.isSample();
        case PART_OF_SEQUENCE -> finding.attackSequence().isPresent();
      };
    }

    List<ResourceKind.Tag> tags() {
      if (tags == null) {
        tags = ResourceKind.allTags(finding.resource());
      }
      return tags;
    }
  }
}
