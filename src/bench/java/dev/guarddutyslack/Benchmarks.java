package dev.guarddutyslack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import mockwebserver3.MockWebServer;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The project's benchmark: the deployment package, cold starts against two floors in both configurations,
 * the SnapStart restore penalty in both, and the warm path (JMH). Prints a report and writes it to
 * {@code target/benchmark/report.md}.
 *
 * <pre>./mvnw -Pbench verify</pre>
 *
 * <p>{@code -Dbench.runs=N} sets the number of paired cold-start runs (default 7),
 * {@code -Dbench.skip=jmh,restore,deployed,triage,storm,app} leaves parts out, {@code -Dbench.memory=512,1024,1769} adds
 * Lambda's CPU share for those memory sizes (needs root for a cgroup).
 */
public final class Benchmarks {
  private static final int RESTORE_INVOCATIONS = 21;
  private final StringBuilder report = new StringBuilder();
  private final List<String> skip = List.of(System.getProperty("bench.skip", "").split(","));

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    new Benchmarks().run();
    System.exit(0);
  }

  private void run() throws Exception {
    int runs = Integer.getInteger("bench.runs", 7);
    line("# guardduty-slack benchmark");
    line("");
    line("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
        + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + "; JAVA_TOOL_OPTIONS "
        + ColdStartBenchmark.JAVA_TOOL_OPTIONS + " for every function JVM.");
    packageSize();
    try (MockWebServer slack = new MockWebServer()) {
      slack.setServerSocketFactory(NoDelaySockets.INSTANCE);
      slack.start();
      ColdStartBenchmark cold = new ColdStartBenchmark(slack);
      Map<String, String> envConfig = new LinkedHashMap<>(lambdaVariables());
      envConfig.put("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/bench").toString());
      envConfig.put("MIN_SEVERITY", "LOW");
      List<ColdStartBenchmark.Runs> results = new ArrayList<>();
      Map<String, Map<String, String>> configs = new LinkedHashMap<>();
      configs.put("webhook in the environment", envConfig);
      Optional<Map<String, String>> deployed = skip.contains("deployed") ? Optional.empty() : deployed(slack);
      deployed.ifPresent(env -> configs.put("deployed (Secrets Manager + DynamoDB on moto)", env));
      for (Map.Entry<String, Map<String, String>> config : configs.entrySet()) {
        System.out.println("cold starts, " + config.getKey() + ":");
        results.add(cold.run(config.getKey(), config.getValue(), runs, Benchmarks::event));
      }
      coldStartReport(results, runs);
      classInventory(cold, configs);
      if (!skip.contains("restore")) {
        restoreReport(configs);
      }
      String memory = System.getProperty("bench.memory", "");
      if (!memory.isBlank()) {
        memoryReport(cold, envConfig, memory);
      }
    }
    if (!skip.contains("jmh")) {
      warmPath();
    }
    if (!skip.contains("triage")) {
      triage();
    }
    if (!skip.contains("storm")) {
      storm();
    }
    if (!skip.contains("app")) {
      appMode();
    }
    Path out = Fixtures.BASE.resolve("target/benchmark/report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
    System.out.println();
    System.out.println(report);
    System.out.println("(written to " + out + ")");
  }

  private static Map<String, String> lambdaVariables() {
    return Map.of("AWS_REGION", "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME", "guardduty-slack",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024", "AWS_LAMBDA_FUNCTION_VERSION", "1");
  }

  /** A one-finding SQS batch with a finding id of its own. */
  private static String event() {
    try {
      ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
      ((ObjectNode) event.get("detail")).put("id", "bench" + UUID.randomUUID().toString().replace("-", ""));
      return TestApp.sqsBatch(event.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** moto, a secret holding the Slack stub as the default webhook, and a deduplication table. */
  private static Optional<Map<String, String>> deployed(MockWebServer slack) {
    Optional<String> endpoint = Moto.startForTools();
    if (endpoint.isEmpty()) {
      System.out.println("SKIPPED: the deployed configuration needs moto_server (pip install 'moto[server]')");
      return Optional.empty();
    }
    Map<String, String> env = new HashMap<>(lambdaVariables());
    env.putAll(Moto.environment());
    System.setProperty("aws.endpointUrl", endpoint.get());
    System.setProperty("aws.region", Moto.REGION);
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    String secret = "guardduty-slack/bench-" + UUID.randomUUID();
    String table = "guardduty-slack-bench-" + UUID.randomUUID();
    try (SecretsManagerClient secrets = TestAws.secretsManager(); DynamoDbClient dynamo = TestAws.dynamoDb()) {
      secrets.createSecret(b -> b.name(secret).secretString("{\"DEFAULT\":\"" + slack.url("/services/T0/B0/deployed")
          + "\"}"));
      TestAws.stateTable(dynamo, table);
    }
    env.put("WEBHOOKS_SECRET_ID", secret);
    env.put("DEDUP_TABLE", table);
    env.put("MIN_SEVERITY", "LOW");
    return Optional.of(env);
  }

  private void packageSize() throws IOException {
    Path classes = Fixtures.BASE.resolve("target/classes");
    Path lib = Fixtures.BASE.resolve("target/lambda/lib");
    long classBytes;
    try (Stream<Path> files = Files.walk(classes)) {
      classBytes = files.filter(Files::isRegularFile).mapToLong(Benchmarks::size).sum();
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    long jarBytes = jars.stream().mapToLong(Benchmarks::size).sum();
    Path zip = Fixtures.BASE.resolve("target/benchmark/function.zip");
    Files.createDirectories(zip.getParent());
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          z.putNextEntry(new ZipEntry(classes.relativize(file).toString()));
          Files.copy(file, z);
        }
      }
      for (Path jar : jars) {
        z.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
        Files.copy(jar, z);
      }
    }
    line("");
    line("## Deployment package");
    line("");
    line(String.format(Locale.ROOT, "As `sam build` lays it out: %.2f MB in %d jars and %.2f MB of classes and "
        + "resources; the zip is %.2f MB.", jarBytes / 1e6, jars.size(), classBytes / 1e6, size(zip) / 1e6));
    List<String> unreferenced = unreferencedJars(classes, jars);
    line("");
    line("Jars that neither the function's classes nor another packaged jar refer to (jdeps): "
        + (unreferenced.isEmpty() ? "none." : String.join(", ", unreferenced) + "."));
  }

  /**
   * The packaged jars no class refers to: jdeps over the function's classes and every jar, each edge
   * "a -> b" marking b as used.
   */
  private static List<String> unreferencedJars(Path classes, List<Path> jars) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
    if (jdeps == null) {
      return List.of("(jdeps not available in this JDK)");
    }
    List<String> args = new ArrayList<>(List.of("-summary", "--multi-release", "base", "--ignore-missing-deps",
        "-cp", jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
    args.add(classes.toString());
    jars.stream().map(Path::toString).forEach(args::add);
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out);
    jdeps.run(writer, writer, args.toArray(String[]::new));
    writer.flush();
    Set<String> referenced = new HashSet<>();
    for (String row : out.toString().split("\\R")) {
      int arrow = row.indexOf(" -> ");
      if (arrow > 0) {
        String target = row.substring(arrow + 4).trim();
        if (target.endsWith(".jar")) {
          referenced.add(Path.of(target).getFileName().toString());
        } else {
          referenced.addAll(jarsHoldingPackage(jars, target));
        }
      }
    }
    return jars.stream().map(j -> j.getFileName().toString()).filter(j -> !referenced.contains(j)).toList();
  }

  /** jdeps names a split package (jackson-annotations, seen by databind) instead of its jar. */
  private static List<String> jarsHoldingPackage(List<Path> jars, String packageName) {
    String directory = packageName.replace('.', '/') + "/";
    List<String> holders = new ArrayList<>();
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        if (zip.stream().anyMatch(e -> e.getName().startsWith(directory))) {
          holders.add(jar.getFileName().toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return holders;
  }

  private void coldStartReport(List<ColdStartBenchmark.Runs> results, int runs) {
    line("");
    line("## Cold start (no SnapStart)");
    line("");
    line("Runtime interface client start to first post accepted (echo floor: to its answer), medians of " + runs
        + " paired runs; ratios are medians of each run's ratio.");
    line("");
    line("| configuration | echo floor | stack floor | guardduty-slack | ours / stack floor | ours / echo | floor / echo |");
    line("|---|---|---|---|---|---|---|");
    for (ColdStartBenchmark.Runs r : results) {
      line(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms | **%.2f** | %.2f | %.2f |", r.configuration(),
          r.median(ColdStartBenchmark.Kind.ECHO), r.median(ColdStartBenchmark.Kind.FLOOR),
          r.median(ColdStartBenchmark.Kind.OURS),
          r.medianRatio(ColdStartBenchmark.Kind.OURS, ColdStartBenchmark.Kind.FLOOR),
          r.medianRatio(ColdStartBenchmark.Kind.OURS, ColdStartBenchmark.Kind.ECHO),
          r.medianRatio(ColdStartBenchmark.Kind.FLOOR, ColdStartBenchmark.Kind.ECHO)));
    }
  }

  /** One untimed cold start per configuration and handler with class-load logging: what each loads. */
  private void classInventory(ColdStartBenchmark cold, Map<String, Map<String, String>> configs) throws Exception {
    line("");
    line("## Classes loaded before the first post");
    line("");
    line("| configuration | stack floor | guardduty-slack | of which the function's own | package jars that loaded none |");
    line("|---|---|---|---|---|");
    for (Map.Entry<String, Map<String, String>> config : configs.entrySet()) {
      Path floorLog = Files.createTempFile("floor-classes", ".log");
      Path oursLog = Files.createTempFile("ours-classes", ".log");
      cold.once(ColdStartBenchmark.Kind.FLOOR, config.getValue(), event(), "-Xlog:class+load:file=" + floorLog);
      cold.once(ColdStartBenchmark.Kind.OURS, config.getValue(), event(), "-Xlog:class+load:file=" + oursLog);
      Map<String, Integer> byJar = ColdStartBenchmark.classesByJar(oursLog);
      List<String> unused = new ArrayList<>();
      try (Stream<Path> jars = Files.list(Fixtures.BASE.resolve("target/lambda/lib"))) {
        jars.map(p -> p.getFileName().toString()).sorted().filter(j -> !byJar.containsKey(j)).forEach(unused::add);
      }
      line(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s |", config.getKey(), lines(floorLog), lines(oursLog),
          byJar.getOrDefault("(the function's classes)", 0), unused.isEmpty() ? "none" : String.join(", ", unused)));
      Files.delete(floorLog);
      Files.delete(oursLog);
    }
  }

  private void restoreReport(Map<String, Map<String, String>> configs) throws Exception {
    line("");
    line("## SnapStart restore");
    line("");
    line("The handler built as Lambda builds it, SnapStart's hooks run as a snapshot runs them (priming, then "
        + "connections, credentials and the cached secret dropped), then " + RESTORE_INVOCATIONS
        + " invocations of a one-finding batch: the first against the median of the others.");
    line("");
    line("| configuration | checkpoint hook | first invocation | median of later | restore penalty |");
    line("|---|---|---|---|---|");
    for (Map.Entry<String, Map<String, String>> config : configs.entrySet()) {
      Probe probe = restoreProbe(config.getValue());
      List<Double> micros = probe.times();
      double first = micros.get(0) / 1000;
      double later = Stats.median(micros.subList(1, micros.size())) / 1000;
      line(String.format(Locale.ROOT, "| %s | %.2f s | %.1f ms | %.1f ms | **%.1f ms** |", config.getKey(),
          probe.checkpointMillis() / 1000, first, later, first - later));
    }
  }

  /**
   * Lambda's CPU share for each memory size, imposed with a cgroup: cold starts and restores of the
   * environment configuration, and what they cost in GB-seconds.
   */
  private void memoryReport(ColdStartBenchmark cold, Map<String, String> env, String sizes) throws Exception {
    line("");
    line("## Memory size (CPU share as Lambda gives it: one vCPU at 1,769 MB)");
    line("");
    line("The environment configuration, each JVM in a cgroup limited to the memory size's share of one CPU; "
        + "medians of 5 cold starts and of one restore probe. GB-seconds are memory times the measured time, "
        + "before Slack's network wait, which is the same at every size.");
    line("");
    line("| MemorySize | CPU share | cold start to first post | first invocation after restore | GB-s per restored finding |");
    line("|---|---|---|---|---|");
    for (String size : sizes.split(",")) {
      int mb = Integer.parseInt(size.trim());
      Optional<CpuShare> share = CpuShare.forMemory(mb);
      if (share.isEmpty()) {
        return;
      }
      List<Double> starts = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        starts.add(cold.once(ColdStartBenchmark.Kind.OURS, env, event(), share.get().launcher()));
      }
      List<Double> micros = restoreProbe(env, share.get().launcher()).times();
      share.get().close();
      double first = micros.get(0) / 1000;
      line(String.format(Locale.ROOT, "| %d MB | %.2f vCPU | %.0f ms | %.1f ms | %.4f |", mb,
          Math.min(1.0, mb / (double) CpuShare.FULL_VCPU_MB), Stats.median(starts), first, mb / 1024.0 * first / 1000));
    }
  }

  /**
   * What a probe measured: its checkpoint hook (NaN when it ran none), and its invocations' or clicks' times.
   */
  private record Probe(double checkpointMillis, List<Double> times) {
    static double checkpointMillis(List<String> lines) {
      return lines.stream().filter(l -> l.startsWith("CHECKPOINT-MICROS ")).findFirst()
          .map(l -> Double.parseDouble(l.substring("CHECKPOINT-MICROS ".length())) / 1000).orElse(Double.NaN);
    }
  }

  private static Probe restoreProbe(Map<String, String> env) throws Exception {
    return restoreProbe(env, List.of());
  }

  private static Probe restoreProbe(Map<String, String> env, List<String> launcher) throws Exception {
    Path batch = Files.createTempFile("restore-batch", ".json");
    ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("id", "__ID__");
    Files.writeString(batch, TestApp.sqsBatch(event.toString()));
    List<String> classPath = new ArrayList<>(ColdStartBenchmark.classPath(ColdStartBenchmark.Kind.OURS, env));
    classPath.add(Fixtures.BASE.resolve("target/test-classes").toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(java, "-cp", String.join(File.pathSeparator, classPath), RestoreProbe.class.getName(),
        Integer.toString(RESTORE_INVOCATIONS), batch.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("JAVA_TOOL_OPTIONS", ColdStartBenchmark.JAVA_TOOL_OPTIONS);
    Path output = Files.createTempFile("restore", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("the restore probe failed:\n" + Files.readString(output));
    }
    List<String> lines = Files.readAllLines(output);
    String line = lines.stream().filter(l -> l.startsWith("RESTORE-TIMES ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no times from the restore probe"));
    List<Double> micros = new ArrayList<>();
    for (String t : line.substring("RESTORE-TIMES ".length()).split(" ")) {
      micros.add(Double.parseDouble(t));
    }
    Files.delete(output);
    Files.delete(batch);
    return new Probe(Probe.checkpointMillis(lines), micros);
  }

  private static final int TRIAGE_CLICKS = 201;

  /**
   * Triage from Slack: the triage function's answer time per click, GuardDuty's call (to a loopback stand-in
   * that checks the signature) and the message's replacement included; first after SnapStart's hooks, then warm.
   */
  private void triage() throws Exception {
    dev.guarddutyslack.testing.GuardDutyStandIn standIn =
        new dev.guarddutyslack.testing.GuardDutyStandIn("testing", "testing");
    try (MockWebServer guardDuty = new MockWebServer(); MockWebServer slack = new MockWebServer()) {
      guardDuty.setDispatcher(standIn);
      // Without TCP_NODELAY, loopback adds a delayed-ACK wait of about 40 ms that Lambda's network does not have.
      guardDuty.setServerSocketFactory(NoDelaySockets.INSTANCE);
      slack.setServerSocketFactory(NoDelaySockets.INSTANCE);
      guardDuty.start();
      slack.start();
      for (int i = 0; i < 2 * TRIAGE_CLICKS; i++) {
        slack.enqueue(new mockwebserver3.MockResponse.Builder().code(200).body("ok").build());
      }
      Map<String, String> env = new LinkedHashMap<>(lambdaVariables());
      env.putAll(Map.of("SLACK_SIGNING_SECRET", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "TRIAGE_USERS", "U0BENCH1",
          "SLACK_TEAM_ID", "T0BENCH1", "TRIAGE_BUTTON_KEY", Fixtures.BUTTON_KEY, "AWS_ACCESS_KEY_ID", "testing",
          "AWS_SECRET_ACCESS_KEY", "testing", "AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:" + guardDuty.getPort(),
          // The replies go to the loopback Slack, which a deployed function would never post to.
          "SLACK_RESPONSE_URL_PREFIX", slack.url("/actions/").toString()));
      List<Double> cold = triageProbe(env, slack.url("/actions/T0BENCH1/1/x").toString(), "cold").times();
      Probe snapStart = triageProbe(env, slack.url("/actions/T0BENCH1/2/x").toString(), "snapstart");
      List<Double> millis = new ArrayList<>(snapStart.times());
      double init = millis.remove(0);
      if (!standIn.problems().isEmpty() || standIn.calls().size() < 2 * TRIAGE_CLICKS) {
        throw new IllegalStateException("GuardDuty's stand-in saw " + standIn.calls().size() + " calls, problems "
            + standIn.problems());
      }
      List<Double> warm = new ArrayList<>(millis.subList(1, millis.size()));
      warm.sort(null);
      double p99 = warm.get((int) Math.ceil(warm.size() * 0.99) - 1);
      line("");
      line("## Triage from Slack");
      line("");
      line("The triage function built as Lambda builds it, SnapStart's hooks run (a rehearsal of " + dev.guarddutyslack.snapstart.TriageRehearsal.ROUNDS
          + " clicks, GuardDuty primed, then credentials, connections and the signing secret dropped), then "
          + TRIAGE_CLICKS + " signed clicks on Archive, each from the Function URL event to the answer: signature, "
          + "GuardDuty's ArchiveFindings (a loopback stand-in that checks the SigV4 signature) and the message "
          + "replaced through response_url (loopback). Targets: 300 ms warm (p99), 1 s after a restore.");
      line("");
      line("| construction (init) | checkpoint hook | first click after the hooks | first click, no SnapStart | median warm | p99 warm | slowest warm |");
      line("|---|---|---|---|---|---|---|");
      line(String.format(Locale.ROOT, "| %.0f ms | %.2f s | **%.1f ms** | %.0f ms | %.1f ms | **%.1f ms** | %.1f ms |",
          init, snapStart.checkpointMillis() / 1000, millis.get(0), cold.get(1), Stats.median(warm), p99,
          warm.get(warm.size() - 1)));
    }
  }

  /** @return the checkpoint hook's time (NaN without one); the constructor's time, then each click's, in ms */
  private static Probe triageProbe(Map<String, String> env, String responseUrl, String mode) throws Exception {
    List<String> classPath = new ArrayList<>(ColdStartBenchmark.classPath(ColdStartBenchmark.Kind.OURS, env));
    classPath.add(Fixtures.BASE.resolve("target/test-classes").toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, classPath),
        TriageProbe.class.getName(), Integer.toString(TRIAGE_CLICKS), responseUrl, mode);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("JAVA_TOOL_OPTIONS", ColdStartBenchmark.JAVA_TOOL_OPTIONS);
    Path output = Files.createTempFile("triage", ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("the triage probe failed:\n" + Files.readString(output));
    }
    List<String> lines = Files.readAllLines(output);
    Files.delete(output);
    List<Double> millis = new ArrayList<>();
    millis.add(Double.parseDouble(lines.stream().filter(l -> l.startsWith("TRIAGE-INIT ")).findFirst()
        .orElseThrow().substring("TRIAGE-INIT ".length())) / 1000);
    for (String t : lines.stream().filter(l -> l.startsWith("TRIAGE-TIMES ")).findFirst().orElseThrow()
        .substring("TRIAGE-TIMES ".length()).split(" ")) {
      millis.add(Double.parseDouble(t) / 1000);
    }
    return new Probe(Probe.checkpointMillis(lines), millis);
  }

  /** The storm drill with the guard, and (with {@code -Dbench.stormBaseline=true}, about 15 minutes) without. */
  private void storm() throws Exception {
    if (!StormDrill.useMoto()) {
      System.out.println("SKIPPED: the storm drill needs moto_server");
      return;
    }
    List<StormDrill.Result> results = new ArrayList<>();
    // -Dbench.storm=app or =webhooks runs one of the two.
    String modes = System.getProperty("bench.storm", "both");
    if (!modes.equals("app")) {
      results.add(StormDrill.run(20));
    }
    if (!modes.equals("webhooks")) {
      results.add(StormDrill.run(20, true));
    }
    if (Boolean.getBoolean("bench.stormBaseline")) {
      results.add(StormDrill.run(0));
    }
    line("");
    line("## Storm drill");
    line("");
    line(StormDrill.FINDINGS + " findings (" + StormDrill.CRITICAL + " CRITICAL) over " + StormDrill.ARRIVAL.toSeconds()
        + " s, four band webhooks, two copies, a Slack double of 1 message/s per webhook with bursts of 3.");
    line("");
    line("| posted to | STORM_THRESHOLD | in Slack after the last finding | worst CRITICAL | most messages in a minute,"
        + " per webhook or channel | singly | digests (findings in them) | lost | twice | 429 |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (StormDrill.Result r : results) {
      line(String.format(Locale.ROOT, "| %s | %d | %.1f s | %.1f s | %s | %d | %d (%d) | %d | %d | %d |", r.mode(),
          r.threshold(),
          r.drainMillis() / 1000.0, r.worstCriticalMillis() / 1000.0, r.mostPerWindow(), r.posted(), r.digests(),
          r.heldInDigests(), r.lost(), r.twice(), r.tooMany()));
    }
  }

  private void appMode() throws Exception {
    if (!StormDrill.useMoto()) {
      System.out.println("SKIPPED: the app-mode probe needs moto_server");
      return;
    }
    line("");
    line("## App mode: what a message costs");
    line("");
    line(AppModeProbe.FINDINGS + " findings, each to its own webhook or channel (the Web API double paces each channel"
        + " at 1 message/s), the state table on moto; per invocation of one finding.");
    line("");
    line("| configuration, step | median | worst | Slack calls per finding | DynamoDB calls per finding |");
    line("|---|---|---|---|---|");
    for (AppModeProbe.Row r : AppModeProbe.run()) {
      line(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f | %.1f |", r.what(), r.medianMs(), r.worstMs(),
          r.slackCalls(), r.dynamoCalls()));
    }
  }

  private void warmPath() throws Exception {
    var options = new OptionsBuilder().include(WarmPathBenchmark.class.getName()).addProfiler(GCProfiler.class)
        .shouldFailOnError(true).build();
    line("");
    line("## Warm path (JMH, average time; GC profiler for allocation)");
    line("");
    line("| benchmark | per operation | per finding | allocated per finding |");
    line("|---|---|---|---|");
    for (RunResult result : new Runner(options).run()) {
      String name = result.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      double score = result.getPrimaryResult().getScore();
      double bytes = result.getSecondaryResults().get("gc.alloc.rate.norm").getScore();
      int findings = name.equals("batchOfTen") ? 10 : 1;
      line(String.format(Locale.ROOT, "| %s | %.1f µs | %.1f µs | %.1f KB |", name, score, score / findings,
          bytes / findings / 1024));
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains("source:")).count();
    }
  }

  private void line(String text) {
    report.append(text).append('\n');
  }
}
