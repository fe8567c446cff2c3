package dev.guarddutyslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The template's handler running as Lambda's managed Java runtime runs it: a child JVM with the AWS Lambda
 * Runtime Interface Client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda <Handler>}) on
 * the class path as {@code sam build} lays out a function (classes, then {@code lib/*}), talking to a
 * loopback Runtime API. The child gets exactly the function's environment plus what the runtime itself sets.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">Runtime environment variables</a>
 */
public final class LambdaProcess implements AutoCloseable {
  private final Process process;
  private final Path workDir;
  private final Path output;

  private LambdaProcess(Process process, Path workDir, Path output) {
    this.process = process;
    this.workDir = workDir;
    this.output = output;
  }

  /** The variables Lambda sets for every function, as a test's function in {@code region} gets them. */
  public static Map<String, String> lambdaVariables(String region) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/guardduty-slack/test");
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "test");
    env.put("AWS_REGION", region);
    return env;
  }

  /**
   * @param runtimeApi host:port of the loopback Runtime API
   * @param functionEnvironment the function's environment (its variables and the AWS_* ones Lambda adds)
   */
  public static LambdaProcess start(String runtimeApi, Map<String, String> functionEnvironment) {
    Path lib = Path.of(System.getProperty("lambda.lib", "target/lambda/lib"));
    assertThat(lib).as("dependency jars laid out by the build (process-test-classes)").isDirectory();
    List<String> classPath = new ArrayList<>();
    classPath.add(Fixtures.BASE.resolve("target/classes").toString());
    classPath.add(lib + File.separator + "*");
    classPath.addAll(runtimeClientClassPath());
    return start(runtimeApi, functionEnvironment, Template.load().handler(), classPath, List.of());
  }

  /**
   * Any handler on any class path (the runtime client is added), with extra JVM options.
   *
   * @param functionClassPath the function's package: its classes and jars
   */
  public static LambdaProcess start(String runtimeApi, Map<String, String> functionEnvironment, String handler,
                             List<String> functionClassPath, List<String> jvmOptions) {
    return start(runtimeApi, functionEnvironment, handler, functionClassPath, jvmOptions, List.of());
  }

  /** @param launcher a command that runs the JVM's command line (for example, inside a CPU-limited cgroup) */
  public static LambdaProcess start(String runtimeApi, Map<String, String> functionEnvironment, String handler,
                             List<String> functionClassPath, List<String> jvmOptions, List<String> launcher) {
    Path classes = Fixtures.BASE.resolve("target/classes");
    List<String> classPath = new ArrayList<>(functionClassPath);
    for (String entry : runtimeClientClassPath()) {
      if (!classPath.contains(entry)) {
        classPath.add(entry);
      }
    }
    try {
      Path workDir = Files.createTempDirectory("lambda-runtime");
      Path output = workDir.resolve("output.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(launcher);
      command.addAll(List.of(java, "-XX:ErrorFile=" + workDir.resolve("hs_err_%p.log")));
      nativeClient().ifPresent(library -> command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + library));
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath),
          "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      String path = env.get("PATH");
      env.clear();
      env.putAll(functionEnvironment);
      env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
      env.put("_HANDLER", handler);
      env.put("LAMBDA_TASK_ROOT", classes.toString());
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("TZ", ":UTC");
      env.put("LANG", "en_US.UTF-8");
      env.put("PATH", path == null ? "/usr/bin:/bin" : path);
      builder.directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
      return new LambdaProcess(builder.start(), workDir, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The runtime client copies its JNI library to the one path {@code /tmp/.libaws-lambda-jni.so} as it starts
   * ({@code JniHelper.unpackAndLoad}), which is harmless in Lambda, where each environment has its own
   * {@code /tmp}; two copies started at once on one machine rewrite the file while the other maps it, and
   * one dies of SIGBUS. So the test copies the library once, to a file of its own, and names it with the
   * property the client reads first.
   */
  static final String NATIVE_CLIENT_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
  private static java.util.Optional<String> nativeClient;

  private static synchronized java.util.Optional<String> nativeClient() {
    if (nativeClient == null) {
      String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
      try (java.io.InputStream in = LambdaProcess.class.getResourceAsStream("/jni/libaws-lambda-jni.linux-" + arch
          + ".so")) {
        if (in == null) {
          nativeClient = java.util.Optional.empty();
        } else {
          Path library = Files.createTempFile("libaws-lambda-jni", ".so");
          Files.copy(in, library, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          library.toFile().deleteOnExit();
          nativeClient = java.util.Optional.of(library.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return nativeClient;
  }

  /**
   * The runtime interface client and its own dependencies (its serializer, the SDK's utils-lite): they belong
   * to Lambda's managed runtime, not to the function's package, so they come from the test class path.
   */
  public static List<String> runtimeClientClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> {
          String jar = Path.of(p).getFileName().toString();
          return jar.startsWith("aws-lambda-java-runtime-interface-client-")
              || jar.startsWith("aws-lambda-java-serialization-") || jar.startsWith("utils-lite-");
        })
        .toList();
  }

  /** What the function and the runtime client printed so far. */
  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(no output: " + e.getClass().getSimpleName() + ")";
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(workDir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(workDir);
  }
}
