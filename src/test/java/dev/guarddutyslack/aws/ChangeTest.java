package dev.guarddutyslack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A write said by name becomes DynamoDB's expressions: every attribute behind a name placeholder (so that reserved
 * words such as {@code status}, and names such as {@code h:id@account}, need no care), every value behind a value
 * placeholder, the clauses in DynamoDB's order.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
class ChangeTest {
  @Test
  void setsAddsAndRemovesBecomeOneUpdateExpression() {
    Change.Rendered rendered = Change.of().set("status", "claimed").setIfAbsent("expiresAt", 42L)
        .add("singles", 1L).addToSet("spills", Set.of("3#1")).remove("claimId", "leaseUntil").render();

    assertThat(rendered.update()).isEqualTo("SET #a0 = :v0, #a1 = if_not_exists(#a1, :v1) ADD #a2 :v2, #a3 :v3"
        + " REMOVE #a4, #a5");
    assertThat(rendered.condition()).isNull();
    assertThat(rendered.placeholders().names()).containsExactly(Map.entry("#a0", "status"),
        Map.entry("#a1", "expiresAt"), Map.entry("#a2", "singles"), Map.entry("#a3", "spills"),
        Map.entry("#a4", "claimId"), Map.entry("#a5", "leaseUntil"));
    assertThat(rendered.placeholders().values()).containsExactly(Map.entry(":v0", "claimed"), Map.entry(":v1", 42L),
        Map.entry(":v2", 1L), Map.entry(":v3", Set.of("3#1")));
  }

  @Test
  void conditionsCombineInTheOrderGivenWithOneNamePerAttribute() {
    Change.Rendered rendered = Change.of().set("leaseUntil", 9L)
        .when(Condition.absent("leaseUntil").or(Condition.less("leaseUntil", 5L)))
        .when(Condition.equal("claimId", "c").and(Condition.lessOrEqual("notifiedAt", 7L)))
        .render();

    assertThat(rendered.condition()).isEqualTo("((attribute_not_exists(#a0)) OR (#a0 < :v1)) AND"
        + " ((#a1 = :v2) AND (#a2 <= :v3))");
    assertThat(rendered.placeholders().names()).containsOnlyKeys("#a0", "#a1", "#a2");
  }

  @Test
  void aDeleteHasAConditionAndNoUpdate() {
    Change.Rendered rendered = Change.of().when(Condition.present("pk").and(Condition.absent("pk"))).render();

    assertThat(rendered.update()).isNull();
    assertThat(rendered.condition()).isEqualTo("(attribute_exists(#a0)) AND (attribute_not_exists(#a0))");
    assertThat(Change.of().render().condition()).isNull();
  }

  @Test
  void aChangeIsAValueEachStepANewOne() {
    Change base = Change.of().set("a", "x");
    Change more = base.set("b", "y");

    assertThat(base.render().update()).isEqualTo("SET #a0 = :v0");
    assertThat(more.render().update()).isEqualTo("SET #a0 = :v0, #a1 = :v1");
  }

  @Test
  void onlyStringsNumbersMapsAndStringSetsAreValues() {
    assertThatThrownBy(() -> Change.of().set("a", 1.5).render()).isInstanceOf(IllegalArgumentException.class);
  }
}
