package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** The README as tests read it: the shell blocks they run, marked with an HTML comment, and its sections. */
public final class Readme {
  private Readme() {}

  public static String text() {
    return Fixtures.read(Fixtures.BASE.resolve("README.md"));
  }

  /** The fenced block ({@code sh}, {@code json}, …) that follows the comment {@code <!-- marker …}. */
  public static String block(String marker) {
    String readme = text();
    int at = readme.indexOf("<!-- " + marker);
    assertThat(at).as("the README has the block marked " + marker).isNotNegative();
    int start = readme.indexOf('\n', readme.indexOf("```", at)) + 1;
    int end = readme.indexOf("```", start);
    return readme.substring(start, end);
  }

  /** From a {@code ## } heading to the next one. */
  public static String section(String heading) {
    String readme = text();
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }
}
