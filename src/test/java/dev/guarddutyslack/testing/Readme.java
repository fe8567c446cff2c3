package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The documentation as tests read it: {@code README.md}, the pages in {@code docs/} and {@code CONTRIBUTING.md};
 * the blocks tests run or parse, each marked with an HTML comment, and their sections.
 */
public final class Readme {
  public static final Path DOCS = Fixtures.BASE.resolve("docs");

  private Readme() {}

  public static String text() {
    return Fixtures.read(Fixtures.BASE.resolve("README.md"));
  }

  /** A page of {@code docs/} by its file name ({@code deploy.md}). */
  public static String doc(String name) {
    return Fixtures.read(DOCS.resolve(name));
  }

  /** Every Markdown page a user reads: the README, each page of {@code docs/}, CONTRIBUTING.md. */
  public static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(Fixtures.BASE.resolve("README.md"),
        Fixtures.BASE.resolve("CONTRIBUTING.md")));
    try (Stream<Path> files = Files.list(DOCS)) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /** The fenced block ({@code sh}, {@code json}, …) that follows the comment {@code <!-- marker …}, on any page. */
  public static String block(String marker) {
    for (Path page : pages()) {
      String text = Fixtures.read(page);
      int at = text.indexOf("<!-- " + marker);
      if (at >= 0) {
        int start = text.indexOf('\n', text.indexOf("```", at)) + 1;
        int end = text.indexOf("```", start);
        return text.substring(start, end);
      }
    }
    throw new AssertionError("no page has the block marked " + marker);
  }

  /** From a {@code ## } heading to the next one. */
  public static String section(String text, String heading) {
    int start = text.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = text.indexOf("\n## ", start + heading.length() + 2);
    return text.substring(start, end < 0 ? text.length() : end);
  }
}
