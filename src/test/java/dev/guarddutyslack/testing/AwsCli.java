package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI as the documented commands run it, pointed at {@link Moto}'s server and nothing else. The documentation
 * runs {@code aws}; here that is a wrapper around the installed CLI (v1 or v2) that always passes the
 * emulator's endpoint, because CLI v1 does not read {@code AWS_ENDPOINT_URL}. No profile or credentials of the
 * machine's user are read. Skips the calling test, visibly, where no AWS CLI is installed.
 */
public final class AwsCli {
  private static Path wrapper;

  private AwsCli() {}

  /** Skips the calling test, with a {@code SKIPPED:} line, where no AWS CLI is installed. */
  public static void require(String what) {
    boolean installed = command() != null;
    if (!installed) {
      System.out.println("SKIPPED: the AWS CLI is not installed; " + what + " was not run");
    }
    assumeTrue(installed, "the AWS CLI is not installed");
  }

  /** {@code aws <args> --region <region>} against moto; fails the test on a non-zero exit. */
  public static String aws(String region, String... args) {
    return aws(Moto.environment(), region, args);
  }

  /** The same with other variables (a profile's config file, say) over moto's. */
  public static String aws(Map<String, String> variables, String region, String... args) {
    List<String> command = new ArrayList<>(List.of(wrapper().toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--region", region));
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.putAll(variables);
    return run(command, env);
  }

  /** A shell script (a documented block) with the wrapper first on PATH and these variables over moto's. */
  public static String shell(String script, Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(Moto.environment());
    env.putAll(variables);
    return run(List.of("bash", "-c", script), env);
  }

  /**
   * The environment a command gets: no profile or credentials of the machine's user, the wrapper on PATH,
   * then the variables given (which may name a config file of the test's own).
   */
  public static Map<String, String> environment(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_PAGER", "");
    env.put("PATH", wrapper().getParent() + File.pathSeparator + System.getenv("PATH"));
    env.putAll(variables);
    return env;
  }

  private static String run(List<String> command, Map<String, String> variables) {
    try {
      Path out = Files.createTempFile("aws", ".out");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(environment(variables));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
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

  /** The installed CLI as a shell command: {@code aws} on PATH, or python3's awscli module; null if neither. */
  private static String command() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path aws = Path.of(dir.isEmpty() ? "." : dir, "aws");
      if (Files.isExecutable(aws) && !Files.isDirectory(aws)) {
        return "'" + aws.toAbsolutePath() + "'";
      }
    }
    return SamTransform.pythonCan("import awscli") ? "python3 -m awscli" : null;
  }

  private static synchronized Path wrapper() {
    if (wrapper == null) {
      try {
        Path dir = Files.createTempDirectory("aws-cli");
        Path file = dir.resolve("aws");
        Files.writeString(file, "#!/bin/sh\nexec " + command() + " --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"\n");
        assertThat(file.toFile().setExecutable(true)).isTrue();
        dir.toFile().deleteOnExit();
        file.toFile().deleteOnExit();
        wrapper = file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return wrapper;
  }
}
