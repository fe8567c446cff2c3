package dev.guarddutyslack;

import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.LambdaProcess;
import dev.guarddutyslack.testing.RuntimeApi;
import dev.guarddutyslack.testing.Template;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Cold starts, paired run by run: for each run, the echo floor, the stack floor and this project's handler
 * each start in a fresh JVM under the runtime interface client, in a shuffled order, with the same
 * environment and JVM options; each is timed from the process start to its first post accepted by a
 * loopback Slack (the echo floor: to its answer).
 */
final class ColdStartBenchmark {
  /** The template's JAVA_TOOL_OPTIONS, for every handler alike ({@code -Dbench.javaToolOptions} to compare others). */
  static final String JAVA_TOOL_OPTIONS = System.getProperty("bench.javaToolOptions",
      "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

  enum Kind { ECHO, FLOOR, OURS }

  /** One configuration's runs: milliseconds by kind, one entry per run, in run order. */
  record Runs(String configuration, Map<Kind, List<Double>> millis) {
    double median(Kind kind) {
      return Stats.median(millis.get(kind));
    }

    /** The median over runs of each run's ratio. */
    double medianRatio(Kind over, Kind under) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < millis.get(over).size(); i++) {
        ratios.add(millis.get(over).get(i) / millis.get(under).get(i));
      }
      return Stats.median(ratios);
    }
  }

  private final MockWebServer slack;
  private final List<long[]> posts = new CopyOnWriteArrayList<>();

  ColdStartBenchmark(MockWebServer slack) {
    this.slack = slack;
    slack.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        posts.add(new long[] {System.nanoTime()});
        return new MockResponse.Builder().code(200).body("ok").build();
      }
    });
  }

  Runs run(String configuration, Map<String, String> env, int runs, EventSource events) throws Exception {
    Map<Kind, List<Double>> millis = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      millis.put(kind, new ArrayList<>());
    }
    Random order = new Random(42);
    for (int run = 0; run < runs; run++) {
      List<Kind> kinds = new ArrayList<>(List.of(Kind.values()));
      Collections.shuffle(kinds, order);
      for (Kind kind : kinds) {
        millis.get(kind).add(once(kind, env, events.next()));
      }
      System.out.printf(java.util.Locale.ROOT, "  %s run %d: echo %.0f ms, stack floor %.0f ms, ours %.0f ms%n",
          configuration, run + 1, last(millis.get(Kind.ECHO)), last(millis.get(Kind.FLOOR)),
          last(millis.get(Kind.OURS)));
    }
    return new Runs(configuration, millis);
  }

  /** One cold start; extra JVM options (class-load logging) are for the untimed inventory run. */
  double once(Kind kind, Map<String, String> env, String event, String... jvmOptions) throws Exception {
    return once(kind, env, event, List.of(), jvmOptions);
  }

  /** One cold start, started by {@code launcher} (a CPU-limited cgroup, for example). */
  double once(Kind kind, Map<String, String> env, String event, List<String> launcher, String... jvmOptions)
      throws Exception {
    RuntimeApi runtimeApi = new RuntimeApi(60_000);
    try (MockWebServer runtime = new MockWebServer()) {
      runtime.setDispatcher(runtimeApi);
      runtime.setServerSocketFactory(NoDelaySockets.INSTANCE);
      runtime.start();
      Map<String, String> childEnv = new java.util.HashMap<>(env);
      childEnv.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
      long start = System.nanoTime();
      try (LambdaProcess function = LambdaProcess.start("127.0.0.1:" + runtime.getPort(), childEnv, handler(kind),
          classPath(kind, env), List.of(jvmOptions), launcher)) {
        RuntimeApi.Answer answer = runtimeApi.awaitAnswer(runtimeApi.invoke(event), 60);
        if (answer.error() || answer.body().contains("itemIdentifier")) {
          throw new IllegalStateException(kind + " did not deliver: " + answer.body() + "\n" + function.output());
        }
        long end = answer.receivedNanos();
        if (kind != Kind.ECHO) {
          end = posts.stream().mapToLong(p -> p[0]).filter(t -> t > start).min()
              .orElseThrow(() -> new IllegalStateException(kind + " posted nothing\n" + function.output()));
        }
        return (end - start) / 1e6;
      } finally {
        runtimeApi.shutdown();
      }
    }
  }

  private static String handler(Kind kind) {
    return switch (kind) {
      case ECHO -> "dev.guarddutyslack.EchoHandler::handleRequest";
      case FLOOR -> "dev.guarddutyslack.StackFloorHandler::handleRequest";
      case OURS -> Template.load().handler();
    };
  }

  /**
   * Each handler's package: ours as {@code sam build} lays it out; the floors' classes with only the jars
   * they need (the AWS SDK's service clients for the deployed stack floor).
   */
  static List<String> classPath(Kind kind, Map<String, String> env) {
    if (kind == Kind.OURS) {
      return List.of(Fixtures.BASE.resolve("target/classes").toString(),
          Fixtures.BASE.resolve("target/lambda/lib") + File.separator + "*");
    }
    boolean deployed = env.containsKey("WEBHOOKS_SECRET_ID");
    List<String> out = new ArrayList<>(List.of(Fixtures.BASE.resolve("target/test-classes").toString()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String jar = Path.of(entry).getFileName().toString();
      boolean core = jar.startsWith("aws-lambda-java-core-");
      boolean stack = jar.startsWith("jackson-core-") || jar.startsWith("okhttp-jvm-") || jar.startsWith("okio-jvm-")
          || jar.startsWith("kotlin-stdlib-");
      boolean sdk = entry.contains(File.separator + "software" + File.separator + "amazon" + File.separator + "awssdk"
          + File.separator) || jar.startsWith("reactive-streams-") || jar.startsWith("slf4j-api-");
      if (core || (kind == Kind.FLOOR && (stack || (deployed && sdk)))) {
        out.add(entry);
      }
    }
    return out;
  }

  /** Which of the package's jars loaded classes during a cold start, from a class-load log. */
  static Map<String, Integer> classesByJar(Path log) throws IOException {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      int at = line.indexOf("source: ");
      if (at < 0) {
        continue;
      }
      String source = line.substring(at + "source: ".length()).trim();
      String name = source.contains("/lambda/lib/") ? source.substring(source.lastIndexOf('/') + 1)
          : source.contains("target/classes") ? "(the function's classes)" : null;
      if (name != null) {
        counts.merge(name, 1, Integer::sum);
      }
    }
    return counts;
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  /** Gives each run its own event (deduplication would otherwise suppress the same finding). */
  interface EventSource {
    String next();
  }

  static void await(long millis) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(millis);
  }
}
