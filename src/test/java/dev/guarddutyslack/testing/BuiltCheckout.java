package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A user's checkout of this repository, built with the real {@code sam build}, once per test run: the files
 * git would check out (tracked, and new ones not ignored) copied to a temporary folder, with no
 * {@code target/}. Two test sources are added first, one that fails and one that does not compile, so that a
 * build succeeds only if it neither compiles nor runs the tests.
 */
public final class BuiltCheckout {
  public static final String FUNCTION_DIR = ".aws-sam/build/NotifierFunction";
  private static Built built;

  private BuiltCheckout() {}

  /** The checkout and its build. */
  public record Built(Path dir, SamCliTool.Result build) {
    public Path function() {
      return dir.resolve(FUNCTION_DIR);
    }

    /**
     * A copy of the built checkout for one test to write in (SAM CLI saves {@code samconfig.toml} beside the
     * template), so that tests that deploy can run at once; it goes when the test JVM ends.
     */
    public Path copy() {
      try {
        Path copy = Files.createTempDirectory("checkout-copy");
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
          for (Path source : files.toList()) {
            Path target = copy.resolve(dir.relativize(source).toString());
            if (Files.isDirectory(source)) {
              Files.createDirectories(target);
            } else {
              Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
          }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(copy), "checkout-copy-delete"));
        return copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void delete(Path tree) {
    try (java.util.stream.Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A temporary folder left behind is the system's to clean.
    }
  }

  /** Builds it on first use; skips the calling test, visibly, where SAM CLI, make or git is missing. */
  public static synchronized Built get() {
    SamCliTool.require("sam build", "make", "git");
    if (built == null) {
      Path dir = copy();
      SamCliTool.Result build = SamCliTool.run(dir, Map.of(), Duration.ofMinutes(10), "build");
      assertThat(build.exit()).as("sam build:\n" + build.output()).isZero();
      System.out.println("sam build of a fresh checkout took " + build.took().toMillis() + " ms");
      built = new Built(dir, build);
    }
    return built;
  }

  /**
   * The release's files (dist/), made from the build by the release workflow's own packaging step, as written
   * (once).
   */
  public static synchronized Path releaseFiles() {
    Built built = get();
    Path dist = built.dir().resolve("dist");
    if (!Files.isDirectory(dist)) {
      String step = Workflows.asScript(Workflows.run("release.yml", "build", "Package the release"));
      SamCliTool.Result result = SamCliTool.exec(List.of("bash", "-c", step), built.dir(),
          Map.of("VERSION", Fixtures.projectVersion(), "GITHUB_WORKSPACE", built.dir().toString()),
          Duration.ofMinutes(2));
      assertThat(result.exit()).as("the release workflow's packaging step:\n" + result.output()).isZero();
    }
    return dist;
  }

  private static Path copy() {
    try {
      Path dir = Files.createTempDirectory("checkout");
      Process files = new ProcessBuilder("git", "ls-files", "-co", "--exclude-standard", "-z")
          .directory(Fixtures.BASE.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String list = new String(files.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(files.waitFor()).isZero();
      for (String name : list.split("\0")) {
        Path source = Fixtures.BASE.resolve(name);
        if (name.isEmpty() || !Files.isRegularFile(source)) {
          continue;
        }
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
      Path tests = dir.resolve("src/test/java/dev/guarddutyslack");
      Files.writeString(tests.resolve("SamBuildRunsNoTestTest.java"), String.join("\n", List.of(
          "package dev.guarddutyslack;",
          "class SamBuildRunsNoTestTest {",
          "  @org.junit.jupiter.api.Test void failsIfRun() { throw new AssertionError(\"sam build ran a test\"); }",
          "}", "")));
      Files.writeString(tests.resolve("SamBuildCompilesNoTest.java"),
          "package dev.guarddutyslack;\nclass SamBuildCompilesNoTest { this does not compile }\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
