package dev.guarddutyslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.testing.BuiltCheckout;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SamCliTool;
import dev.guarddutyslack.testing.Workflows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code sam build}, run by the real SAM CLI on a fresh checkout ({@link BuiltCheckout}): it builds the function
 * through the Makefile without compiling or running a single test, lays it out as Lambda loads it, and the
 * workflow's check of the package passes on what it really wrote.
 */
class SamBuildTest {

  @Test
  void samBuildBuildsTheFunctionWithoutCompilingOrRunningTheTests() throws IOException {
    BuiltCheckout.Built built = BuiltCheckout.get();
    // The checkout holds a failing test and one that does not compile: the build succeeded without either.
    Path function = built.function();
    assertThat(function.resolve("dev/guarddutyslack/FindingHandler.class")).isRegularFile();
    assertThat(function.resolve("dev/guarddutyslack/TestApp.class")).as("no test class is packaged").doesNotExist();
    assertThat(Files.readAllLines(function.resolve("dev/guarddutyslack/version.properties")))
        .as("the version filled in").contains("version=" + Fixtures.projectVersion());
    assertThat(jars(function.resolve("lib"))).as("the same runtime jars the project's own build lays out")
        .isEqualTo(jars(Path.of(System.getProperty("lambda.lib", "target/lambda/lib"))));
    System.out.println("sam build: " + built.build().took().toMillis() + " ms, "
        + jars(function.resolve("lib")).size() + " jars");
  }

  @Test
  void theWorkflowsPackageCheckPassesOnWhatSamBuildWroteAndFailsWithoutOkHttp() throws IOException {
    BuiltCheckout.Built built = BuiltCheckout.get();
    String check = Workflows.asScript(Workflows.run("ci.yml", "template", "The package holds the handler and its libraries"));
    SamCliTool.Result passed = SamCliTool.exec(java.util.List.of("bash", "-c", check), built.dir(), Map.of(),
        java.time.Duration.ofSeconds(30));
    assertThat(passed.exit()).as(passed.output()).isZero();

    Path copy = Files.createTempDirectory("package-without-okhttp");
    Path lib = copy.resolve(BuiltCheckout.FUNCTION_DIR + "/lib");
    Files.createDirectories(lib);
    Files.createDirectories(copy.resolve(BuiltCheckout.FUNCTION_DIR + "/dev/guarddutyslack"));
    Files.copy(built.function().resolve("dev/guarddutyslack/FindingHandler.class"),
        copy.resolve(BuiltCheckout.FUNCTION_DIR + "/dev/guarddutyslack/FindingHandler.class"));
    for (String jar : jars(built.function().resolve("lib"))) {
      if (!jar.contains("okhttp-jvm")) {
        Files.copy(built.function().resolve("lib").resolve(jar), lib.resolve(jar));
      }
    }
    SamCliTool.Result failed = SamCliTool.exec(java.util.List.of("bash", "-c", check), copy, Map.of(),
        java.time.Duration.ofSeconds(30));
    assertThat(failed.exit()).as("the check notices a package without OkHttp").isNotZero();
  }

  private static TreeSet<String> jars(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList());
    }
  }
}
