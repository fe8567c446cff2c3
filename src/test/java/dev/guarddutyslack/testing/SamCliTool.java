package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS SAM CLI that users run, for the tests of the deploy paths: {@code sam build}, {@code sam
 * package}, {@code sam deploy --guided}: the one {@code SAM_CLI} names, else {@code sam} on the PATH, else
 * {@code ../shared/tools/sam-cli/sam} beside the project ({@link Tools#sam}). Where there is none, the calling
 * test is skipped with a {@code SKIPPED:} line.
 */
public final class SamCliTool {
  public static final Path SAM = Tools.sam();
  private static final Path GUIDED = Fixtures.BASE.resolve("src/test/python/sam_guided.py");

  private SamCliTool() {}

  /** What one run printed, and how long it took. */
  public record Result(int exit, String output, Duration took) {}

  /** Skips the calling test, visibly, unless SAM CLI and what {@code what} needs are here. */
  public static void require(String what, String... tools) {
    String missing = Files.isExecutable(SAM) ? null : "the AWS SAM CLI is not at " + SAM;
    for (String tool : tools) {
      if (missing == null && !Commands.succeed(tool, "--version")) {
        missing = tool + " is not installed";
      }
    }
    if (missing != null) {
      System.out.println("SKIPPED: " + missing + "; " + what + " was not run");
    }
    assumeTrue(missing == null, missing);
  }

  /**
   * The environment in which {@code python3} imports SAM CLI's own package, for the scripts that call its parsers:
   * a source install's {@code lib} beside {@link #SAM} (with its stand-ins), or a package already importable (pip's
   * {@code aws-sam-cli}). Skips the calling test, visibly, where there is neither.
   */
  public static Map<String, String> pythonPackage(String what) {
    Map<String, String> env = new java.util.HashMap<>();
    Path home = SAM.toAbsolutePath().getParent();
    if (Files.isDirectory(home.resolve("lib/samcli"))) {
      env.put("PYTHONPATH", home.resolve("stubs") + ":" + home.resolve("lib"));
    }
    boolean importable = exec(List.of("python3", "-c", "import samcli"), Fixtures.BASE, env,
        Duration.ofMinutes(1)).exit() == 0;
    if (!importable) {
      System.out.println("SKIPPED: SAM CLI's Python package is not importable (a source install beside " + SAM
          + ", or pip's aws-sam-cli); " + what + " was not checked");
    }
    assumeTrue(importable, "SAM CLI's Python package is not importable");
    return env;
  }

  /** {@code sam <args>} in {@code dir}, with these variables on top of the test's environment. */
  public static Result run(Path dir, Map<String, String> env, Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of(SAM.toString()));
    command.addAll(List.of(args));
    return exec(command, dir, env, timeout);
  }

  /**
   * {@code sam deploy --guided <args>} under a pseudo-terminal, answering each prompt by its label
   * ({@code src/test/python/sam_guided.py}); the prompts, in order, and the labels asked twice.
   *
   * @param hidden labels whose answers must never be printed (the NoEcho parameters)
   * @param stopAt stop once the output shows this (null: run to the end)
   */
  public static JsonNode guided(Path dir, Map<String, String> env, Map<String, String> answers, List<String> hidden,
                         String stopAt, String... args) {
    List<String> command = new ArrayList<>(List.of(SAM.toString(), "deploy", "--guided"));
    command.addAll(List.of(args));
    Map<String, Object> settings = new java.util.LinkedHashMap<>();
    settings.put("command", command);
    settings.put("cwd", dir.toString());
    settings.put("env", env);
    settings.put("answers", answers);
    settings.put("hidden", hidden);
    settings.put("stop_at", stopAt);
    settings.put("timeout", 300);
    try {
      Result result = exec(List.of("python3", GUIDED.toString(), TestApp.MAPPER.writeValueAsString(settings)), dir,
          Map.of(), Duration.ofMinutes(6));
      assertThat(result.exit()).as(result.output()).isZero();
      return TestApp.MAPPER.readTree(result.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Result exec(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
    try {
      Path out = Files.createTempFile("sam", ".out");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(out.toFile());
        builder.environment().put("SAM_CLI_TELEMETRY", "0");
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
              + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Duration.ofNanos(System.nanoTime() - start));
      } finally {
        Files.delete(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
