package dev.guarddutyslack.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A write to one DynamoDB item, built by name: the attributes to set (or set only where absent), to add to (a
 * number, a string set) or to remove, under a {@link Condition}. Immutable: each step is a new change. The update
 * expression, its placeholders and the values' JSON are this package's alone.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
public final class Change {
  private static final Change NONE = new Change(List.of(), List.of(), List.of(), null);

  private final List<Function<Placeholders, String>> sets;
  private final List<Function<Placeholders, String>> adds;
  private final List<String> removes;
  private final Condition condition;

  private Change(List<Function<Placeholders, String>> sets, List<Function<Placeholders, String>> adds,
                 List<String> removes, Condition condition) {
    this.sets = sets;
    this.adds = adds;
    this.removes = removes;
    this.condition = condition;
  }

  /** A change that writes nothing yet (a delete's, until it is given a condition). */
  public static Change of() {
    return NONE;
  }

  /** Sets the attribute to the value. */
  public Change set(String attribute, Object value) {
    return withSet(p -> p.name(attribute) + " = " + p.value(value));
  }

  /** Sets the attribute to the value where the item has none yet (an expiry, a first time). */
  public Change setIfAbsent(String attribute, Object value) {
    return withSet(p -> {
      String name = p.name(attribute);
      return name + " = if_not_exists(" + name + ", " + p.value(value) + ")";
    });
  }

  /** Adds to a number (a negative one subtracts); a missing attribute counts as 0. */
  public Change add(String attribute, long amount) {
    return withAdd(p -> p.name(attribute) + " " + p.value(amount));
  }

  /** Adds members to a string set; a missing attribute is an empty set. */
  public Change addToSet(String attribute, Set<String> members) {
    return withAdd(p -> p.name(attribute) + " " + p.value(Set.copyOf(members)));
  }

  public Change remove(String... attributes) {
    List<String> more = new ArrayList<>(removes);
    more.addAll(List.of(attributes));
    return new Change(sets, adds, List.copyOf(more), condition);
  }

  /** Under this condition (and any given before). */
  public Change when(Condition more) {
    return new Change(sets, adds, removes, condition == null ? more : condition.and(more));
  }

  private Change withSet(Function<Placeholders, String> clause) {
    List<Function<Placeholders, String>> more = new ArrayList<>(sets);
    more.add(clause);
    return new Change(List.copyOf(more), adds, removes, condition);
  }

  private Change withAdd(Function<Placeholders, String> clause) {
    List<Function<Placeholders, String>> more = new ArrayList<>(adds);
    more.add(clause);
    return new Change(sets, List.copyOf(more), removes, condition);
  }

  /** The expressions and their placeholders, as a request carries them. */
  record Rendered(String update, String condition, Placeholders placeholders) {}

  Rendered render() {
    Placeholders p = new Placeholders();
    StringBuilder update = new StringBuilder();
    clause(update, "SET ", sets, p);
    clause(update, "ADD ", adds, p);
    List<Function<Placeholders, String>> removed = new ArrayList<>();
    removes.forEach(attribute -> removed.add(q -> q.name(attribute)));
    clause(update, "REMOVE ", removed, p);
    return new Rendered(update.length() == 0 ? null : update.toString(),
        condition == null ? null : condition.render(p), p);
  }

  private static void clause(StringBuilder update, String action, List<Function<Placeholders, String>> parts,
                             Placeholders p) {
    if (parts.isEmpty()) {
      return;
    }
    if (update.length() > 0) {
      update.append(' ');
    }
    update.append(action);
    for (int i = 0; i < parts.size(); i++) {
      update.append(i == 0 ? "" : ", ").append(parts.get(i).apply(p));
    }
  }
}
