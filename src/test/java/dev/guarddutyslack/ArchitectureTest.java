package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house, read from the sources: packages by role, dependencies pointing down, nothing
 * importing the root (entry points and the composition root), and the core free of OkHttp and the AWS SDK.
 */
class ArchitectureTest {
  private static final Path MAIN = Fixtures.BASE.resolve("src/main/java/dev/guarddutyslack");
  /** Each package and the project's packages it may use; the root (entry points, wiring) may use all. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("json", Set.of()),
      Map.entry("guardduty", Set.of()),
      Map.entry("slack", Set.of()),
      Map.entry("delivery", Set.of()),
      Map.entry("aws", Set.of("json")),
      Map.entry("dedup", Set.of("guardduty", "aws")),
      Map.entry("config", Set.of("guardduty", "delivery", "aws", "json")),
      Map.entry("format", Set.of("guardduty", "slack")),
      Map.entry("core", Set.of("guardduty", "slack", "format", "delivery", "dedup", "config")),
      Map.entry("observability", Set.of("core", "guardduty", "delivery")),
      Map.entry("invocation", Set.of("core", "guardduty", "json")));
  private static final Pattern PROJECT_REFERENCE = Pattern.compile("dev\\.guarddutyslack\\.([a-z]+)\\.([A-Z]\\w*)");
  private static final Pattern ROOT_REFERENCE = Pattern.compile("dev\\.guarddutyslack\\.([A-Z]\\w*)");

  private record Source(String pkg, Path path, String text) {}

  private static List<Source> sources() {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<Source> out = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file.getParent());
        out.add(new Source(relative.toString().isEmpty() ? "" : relative.toString(), file, Files.readString(file)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyPackageIsARoleAndDependsOnlyOnThoseBelowIt() {
    Map<String, Set<String>> actual = new TreeMap<>();
    for (Source source : sources()) {
      assertThat(source.pkg().isEmpty() || ALLOWED.containsKey(source.pkg()))
          .as("package %s has a role in the map above", source.pkg()).isTrue();
      Matcher m = PROJECT_REFERENCE.matcher(source.text());
      while (m.find()) {
        if (!m.group(1).equals(source.pkg())) {
          actual.computeIfAbsent(source.pkg(), k -> new TreeSet<>()).add(m.group(1));
        }
      }
    }
    actual.forEach((pkg, uses) -> {
      if (!pkg.isEmpty()) {
        assertThat(ALLOWED.get(pkg)).as("what %s may use", pkg).containsAll(uses);
      }
    });
  }

  @Test
  void nothingImportsTheRoot() {
    for (Source source : sources()) {
      if (!source.pkg().isEmpty()) {
        assertThat(ROOT_REFERENCE.matcher(source.text()).find()).as(source.path() + " uses the root package")
            .isFalse();
      }
    }
  }

  @Test
  void theCoreSeesNoOkHttpOrAwsSdkType() {
    for (Source source : sources()) {
      if (source.pkg().equals("core") || source.pkg().equals("dedup")) {
        assertThat(source.text()).as(source.path().toString()).doesNotContain("okhttp3").doesNotContain("software.amazon");
      }
    }
  }

  @Test
  void theFindingModelAndTheSlackMessageDependOnNothingElseOfOurs() {
    assertThat(ALLOWED.get("guardduty")).isEmpty();
    assertThat(ALLOWED.get("slack")).isEmpty();
  }

  /** Values with many fields are built by name: no constructor takes more than 8 parameters. */
  @Test
  void noConstructorTakesMoreThanEightParameters() throws Exception {
    Path classes = Fixtures.BASE.resolve("target/classes");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, getClass().getClassLoader());
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
          if (constructor.getParameterCount() > 8) {
            offenders.add(constructor.toString());
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
