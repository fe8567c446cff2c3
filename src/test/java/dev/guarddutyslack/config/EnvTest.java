package dev.guarddutyslack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How every feature reads the environment: trimmed, blank as unset, errors naming the variable and never the value. */
class EnvTest {
  private static final String SECRET = "s3cr3t-value";

  @Test
  void aValueIsTrimmedAndABlankOneIsNone() {
    Env env = Env.of(Map.of("A", "  x  ", "B", "   ", "C", ""));

    assertThat(env.get("A")).contains("x");
    assertThat(env.get("B")).isEmpty();
    assertThat(env.get("C")).isEmpty();
    assertThat(env.get("D")).isEmpty();
    assertThat(env.names()).containsExactly("A", "B", "C");
  }

  @Test
  void everyProblemIsGatheredTheFirstOnesFirstAndNamedAtOnce() {
    Env env = Env.of(Map.of());
    assertThat(env.read(() -> "ok", "fallback")).isEqualTo("ok");
    assertThat(env.read(() -> {
      throw new ConfigException("B is wrong");
    }, "fallback")).isEqualTo("fallback");
    env.problem("C is wrong");
    env.readFirst(() -> {
      throw new ConfigException(List.of("A[0] is wrong", "A[1] is wrong"));
    }, null);

    assertThatThrownBy(env::check).isInstanceOfSatisfying(ConfigException.class, e ->
        assertThat(e.problems()).containsExactly("A[0] is wrong", "A[1] is wrong", "B is wrong", "C is wrong"));
  }

  @Test
  void withNoProblemTheCheckPasses() {
    Env env = Env.of(Map.of("A", "1"));
    env.read(() -> env.get("A"), Optional.empty());
    env.check();
  }

  @Test
  void aValueOfTheWrongFormIsNamedByItsVariableNeverShown() {
    Env env = Env.of(Map.of("TEAM", SECRET, "URL", "ftp://" + SECRET, "ARN", SECRET, "N", "07", "W", "PT2H"));

    assertThatThrownBy(() -> env.matching("TEAM", Pattern.compile("T\\w+"), "must be a workspace id"))
        .hasMessage("TEAM must be a workspace id");
    assertThatThrownBy(() -> env.httpUrl("URL")).hasMessage("URL must be an http(s) URL");
    assertThatThrownBy(() -> env.secretArn("ARN")).hasMessage("ARN must be the ARN of a Secrets Manager secret");
    assertThatThrownBy(() -> env.wholeNumber("N", "must be a whole number")).hasMessage("N must be a whole number");
    assertThatThrownBy(() -> env.minutes("W", Duration.ofHours(1), false, "whole minutes"))
        .hasMessage("W must be whole minutes");
  }

  @Test
  void typedValuesAreReadWhenRight() {
    Env env = Env.of(Map.of("URL", "http://127.0.0.1:4566", "N", "20", "M", "PT15M", "H", "PT24H",
        "ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf"));

    assertThat(env.httpUrl("URL")).map(Object::toString).contains("http://127.0.0.1:4566");
    assertThat(env.wholeNumber("N", "")).contains(20);
    assertThat(env.minutes("M", Duration.ofHours(1), false, "")).contains(Duration.ofMinutes(15));
    assertThat(env.minutes("H", Duration.ofHours(24), true, "")).contains(Duration.ofHours(24));
    assertThatThrownBy(() -> env.minutes("H", Duration.ofHours(12), true, "at most PT12H"))
        .hasMessage("H must be at most PT12H");
    assertThat(env.secretArn("ARN")).isPresent();
    assertThat(env.minutes("NONE", Duration.ofHours(1), false, "")).isEmpty();
  }

  @Test
  void aValueAndItsSecretTogetherAreRefused() {
    assertThatThrownBy(() -> Env.of(Map.of("K", "v", "K_ARN", "a")).either("K", "K_ARN", "one is enough"))
        .hasMessage("set either K or K_ARN, not both: one is enough");
    Env.of(Map.of("K", "v")).either("K", "K_ARN", "one is enough");
  }
}
