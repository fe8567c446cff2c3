package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.guardduty.ResourceKind;
import dev.guarddutyslack.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house, read from the sources and checked against the package table of docs/architecture.md: packages by
 * role, dependencies pointing down without cycles, ports where the table says, nothing importing the root,
 * composition only in {@code wiring}, AWS's protocol only in {@code aws}, finding text only through the
 * escaping types, and tests laid out as the packages are.
 */
class ArchitectureTest {
  private static final Path MAIN = Fixtures.BASE.resolve("src/main/java/dev/guarddutyslack");
  private static final Path TESTS = Fixtures.BASE.resolve("src/test/java/dev/guarddutyslack");
  private static final Pattern PROJECT_REFERENCE = Pattern.compile("dev\\.guarddutyslack\\.([a-z]+)\\.([A-Z]\\w*)");
  private static final Pattern ROOT_REFERENCE = Pattern.compile("dev\\.guarddutyslack\\.([A-Z]\\w*)");
  private static final Pattern PORT = Pattern.compile("(?m)^public interface (\\w+)");
  private static final Pattern TABLE_ROW = Pattern.compile(
      "^\\s*\\| (root|`[a-z]+`) \\| [^|]* \\|([^|]*)\\|([^|]*)\\|\\s*$");
  /** The packages only tests have: end-to-end runs, deployment-file checks, the shared harness. */
  private static final Set<String> TEST_ONLY = Set.of("e2e", "deploy", "testing");

  private record Source(String pkg, Path path, String text) {
    String name() {
      return path.getFileName().toString().replace(".java", "");
    }

    /** The code without comments and with string literals kept (they are checked too). */
    String code() {
      return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }
  }

  /** One row of the package table of docs/architecture.md. */
  private record Row(Set<String> ports, Set<String> uses, boolean usesAll) {}

  private static List<Source> sources(Path base) {
    try (Stream<Path> files = Files.walk(base)) {
      List<Source> out = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Path relative = base.relativize(file.getParent());
        out.add(new Source(relative.toString().replace('/', '.'), file, Files.readString(file)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Source> sources() {
    return sources(MAIN);
  }

  /** The package table of docs/architecture.md, by package ("" for the root). */
  private static Map<String, Row> table() throws IOException {
    String readme = Files.readString(Fixtures.BASE.resolve("docs/architecture.md"));
    int from = readme.indexOf("<!-- packages -->");
    int to = readme.indexOf("<!-- /packages -->");
    assertThat(from).as("the package table of docs/architecture.md is marked").isPositive().isLessThan(to);
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : readme.substring(from, to).split("\n")) {
      Matcher m = TABLE_ROW.matcher(line);
      if (m.matches()) {
        String pkg = m.group(1).equals("root") ? "" : m.group(1).replace("`", "");
        rows.put(pkg, new Row(words(m.group(2)), words(m.group(3)), m.group(3).trim().equals("all")));
      }
    }
    return rows;
  }

  private static Set<String> words(String cell) {
    return Arrays.stream(cell.replace("`", "").split(","))
        .map(String::trim).filter(w -> !w.isEmpty() && !w.equals("all")).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Set<String>> actualUses() {
    Map<String, Set<String>> actual = new TreeMap<>();
    for (Source source : sources()) {
      actual.computeIfAbsent(source.pkg(), k -> new TreeSet<>());
      Matcher m = PROJECT_REFERENCE.matcher(source.text());
      while (m.find()) {
        if (!m.group(1).equals(source.pkg())) {
          actual.get(source.pkg()).add(m.group(1));
        }
      }
    }
    return actual;
  }

  @Test
  void theReadmeTableNamesEveryPackageAndEachUsesOnlyWhatItsRowAllows() throws IOException {
    Map<String, Row> table = table();
    Map<String, Set<String>> actual = actualUses();
    assertThat(table.keySet()).as("the packages in the table of docs/architecture.md").containsExactlyInAnyOrderElementsOf(
        actual.keySet());
    actual.forEach((pkg, uses) -> {
      Row row = table.get(pkg);
      if (!row.usesAll()) {
        assertThat(row.uses()).as("what %s may use, by docs/architecture.md", pkg.isEmpty() ? "root" : pkg).containsAll(uses);
        assertThat(uses).as("the row of docs/architecture.md for %s names only what it uses", pkg).containsAll(row.uses());
      }
    });
  }

  @Test
  void usesFormNoCycle() throws IOException {
    Map<String, Row> table = table();
    Set<String> done = new HashSet<>();
    for (String pkg : table.keySet()) {
      if (!pkg.isEmpty()) {
        visit(pkg, table, new ArrayList<>(), done);
      }
    }
  }

  private static void visit(String pkg, Map<String, Row> table, List<String> path, Set<String> done) {
    assertThat(path).as("a cycle through %s", path).doesNotContain(pkg);
    if (done.contains(pkg)) {
      return;
    }
    path.add(pkg);
    for (String used : table.get(pkg).uses()) {
      visit(used, table, path, done);
    }
    path.remove(path.size() - 1);
    done.add(pkg);
  }

  /**
   * A port is a top-level public interface that is not sealed. It lives where its row of docs/architecture.md says: in the
   * package that provides the capability, with its production implementation there too; the core has none.
   */
  @Test
  void portsLiveWhereTheTableSaysBesideAnImplementation() throws IOException {
    Map<String, Row> table = table();
    Map<String, Set<String>> declared = new TreeMap<>();
    List<Source> sources = sources();
    for (Source source : sources) {
      Matcher m = PORT.matcher(source.text());
      while (m.find()) {
        declared.computeIfAbsent(source.pkg(), k -> new TreeSet<>()).add(m.group(1));
        String port = m.group(1);
        boolean implementedBeside = sources.stream().filter(s -> s.pkg().equals(source.pkg())).anyMatch(s ->
            Pattern.compile("implements [\\w, .<>]*\\b" + port + "\\b").matcher(s.code()).find()
                || Pattern.compile("(?m)^\\s+" + port + " [A-Z_]+ =").matcher(s.code()).find());
        assertThat(implementedBeside).as("%s has an implementation in %s", port, source.pkg()).isTrue();
      }
    }
    table.forEach((pkg, row) -> assertThat(declared.getOrDefault(pkg, Set.of()))
        .as("the ports of %s", pkg.isEmpty() ? "root" : pkg).containsExactlyInAnyOrderElementsOf(row.ports()));
    assertThat(table.get("core").ports()).as("the core declares no port").isEmpty();
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
      if (Set.of("core", "dedup", "format", "outcome", "observability").contains(source.pkg())) {
        assertThat(source.text()).as(source.path().toString()).doesNotContain("okhttp3").doesNotContain("software.amazon");
      }
    }
  }

  @Test
  void theFindingModelTheSlackMessageAndTheClockDependOnNothingElseOfOurs() throws IOException {
    Map<String, Row> table = table();
    for (String pkg : List.of("guardduty", "slack", "time", "json")) {
      assertThat(table.get(pkg).uses()).as(pkg).isEmpty();
    }
  }

  /** The root holds the entry points and nothing else: a reader starts there, at what Lambda and a developer run. */
  @Test
  void theRootHoldsOnlyTheEntryPoints() {
    assertThat(sources().stream().filter(s -> s.pkg().isEmpty()).map(Source::name))
        .containsExactlyInAnyOrder("FindingHandler", "TriageHandler", "Preview");
  }

  /**
   * Only {@code wiring} builds parts of the graph (no other file constructs one, but a class its own constants);
   * no hand-written HTTP server.
   */
  @Test
  void onlyWiringConstructsGraphParts() {
    Pattern parts = Pattern.compile("new (Notifier|Dispatcher|Digests|FindingFormatter|DigestFormatter|MessageWriter"
        + "|SlackClient|DynamoDbGate|SecretsWebhookSource|AwsJsonClient|DynamoDb|SecretsManager|Sqs|DecisionJournal"
        + "|DecisionLog|Metrics|Triage|GuardDuty|GuardDutyActions|ResponseUrl|SecretsSigningSecret|DynamoDbReplayGuard"
        + "|SecretsButtonKeys|SqsVisibility|StormGuard|DynamoDbLedger|SqsDigestScheduler|DynamoDbSendSlots|TriageAudit"
        + "|Checkpoint|Lifecycle|NotifierRehearsal|TriageRehearsal|NotifierApp|TriageApp|AwsCredentials)\\(");
    for (Source source : sources()) {
      assertThat(source.code()).as(source.path() + ": no hand-parsed HTTP").doesNotContain("ServerSocket");
      if (!source.pkg().equals("wiring")) {
        Matcher m = parts.matcher(source.code());
        while (m.find()) {
          // A class's own constants (StormGuard.OFF) are its own business.
          assertThat(m.group(1)).as(source.path() + " builds a part of the graph").isEqualTo(source.name());
        }
      }
    }
  }

  /** One retry schedule, {@code time.Backoff}; nothing else draws random numbers or grows waits. */
  @Test
  void backoffAndJitterAreWrittenOnce() {
    Pattern schedule = Pattern.compile("ThreadLocalRandom|SecureRandom|new Random\\(|Math\\.random|Math\\.pow|<< *attempt");
    for (Source source : sources()) {
      if (!source.name().equals("Backoff")) {
        Matcher m = schedule.matcher(source.code());
        assertThat(m.find() ? m.group() : null).as(source.path() + " has a retry schedule of its own").isNull();
      }
    }
  }

  /**
   * The AWS protocol (targets, DynamoDB's attribute JSON and expression language, error names) is spoken only in
   * {@code aws}, and the state table's layout (its key, its TTL attribute, each feature's key shape) is written
   * only in {@code aws.StateTable}.
   */
  @Test
  void theAwsProtocolStaysBehindItsWall() {
    Pattern protocol = Pattern.compile("X-Amz-|\"__type\"|ExpressionAttribute|\"TableName\"|\"SecretId\""
        + "|\"SecretString\"|\"[A-Z]\\w+(Exception|Failure)\"|\\{\"[SNM]\"|software\\.amazon"
        + "|attribute_(not_)?exists|if_not_exists|\"(SET|ADD|REMOVE|DELETE) |\"[^\"]*:[a-z]\\w* = "
        + "|\"pk\"|\"expiresAt\"|\"(storm|pace|triage)#");
    for (Source source : sources()) {
      if (!source.pkg().equals("aws")) {
        Matcher m = protocol.matcher(source.code());
        assertThat(m.find() ? m.group() : null).as(source.path() + " speaks AWS's protocol").isNull();
      }
    }
  }

  /**
   * Text from a finding reaches a block only through {@code Mrkdwn} and {@code Plain}; their
   * unescaped factories take string literals only; each resource kind's JSON is named in one place.
   */
  @Test
  void findingTextIsSafeByConstruction() throws Exception {
    Pattern ours = Pattern.compile("\\b(Mrkdwn|Plain)\\.ours\\(");
    Pattern literal = Pattern.compile("\\G\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\)");
    Set<String> resourceFields = new TreeSet<>();
    Matcher kinds = Pattern.compile("(?m)^  [A-Z0-9_]+\\(\\d+, \"(\\w+)\"").matcher(
        Files.readString(MAIN.resolve("guardduty/ResourceKind.java")));
    while (kinds.find()) {
      resourceFields.add(kinds.group(1));
    }
    assertThat(resourceFields).as("one per kind").hasSize(ResourceKind.values().length);
    assertThat(resourceFields).contains("instanceDetails", "s3BucketDetails", "accessKeyDetails");
    for (Source source : sources()) {
      String code = source.code();
      Matcher m = ours.matcher(code);
      while (m.find()) {
        Matcher arg = literal.matcher(code);
        assertThat(arg.find(m.end())).as(source.path() + ": " + m.group() + " takes a string literal, at "
            + code.substring(m.start(), Math.min(code.length(), m.end() + 40))).isTrue();
      }
      if (!source.pkg().equals("slack")) {
        assertThat(code).as(source.path() + " uses SafeText, which is the slack package's own").doesNotContain("SafeText");
      }
      if (!source.name().equals("ResourceKind")) {
        for (String field : resourceFields) {
          assertThat(code).as(source.path() + " names a resource kind's JSON").doesNotContain("\"" + field + "\"");
        }
      }
    }
  }

  /**
   * Two layers. A unit test ({@code *Test} in a package of the code, run by {@code ./mvnw test}) sits in
   * the package it tests and starts nothing: no moto, no runtime client, no SAM CLI, no process. What runs a real
   * tool is the integration layer ({@code ./mvnw verify}): end-to-end runs in {@code e2e}, deployment-file checks in
   * {@code deploy}, and an adapter's test against moto beside its adapter, named {@code *IT}. The shared harness is
   * in {@code testing}; {@code wiring} holds {@code TestWiring}, the one door to the notifier wiring's package-private
   * builder.
   */
  @Test
  void testsMirrorThePackagesInTwoLayers() {
    Set<String> mainPackages = sources().stream().map(Source::pkg).collect(Collectors.toSet());
    Pattern startsSomething = Pattern.compile("\\b(Moto|LambdaProcess|LambdaHarness|SamCliTool|SamCli|AwsCli"
        + "|BuiltCheckout|SamTransform|Commands|ProcessBuilder)\\b|Runtime\\.getRuntime\\(\\)");
    for (Source test : sources(TESTS)) {
      String pkg = test.pkg();
      assertThat(mainPackages.contains(pkg) || TEST_ONLY.contains(pkg)).as(test.path() + " is in a package of"
          + " the code, or in e2e, deploy or testing").isTrue();
      boolean unit = test.name().endsWith("Test");
      boolean integration = test.name().endsWith("IT");
      if (pkg.equals("testing")) {
        assertThat(unit || integration).as(test.path() + ": the harness holds no tests").isFalse();
      } else if (pkg.equals("wiring") && test.name().equals("TestWiring")) {
        continue;
      } else if (TEST_ONLY.contains(pkg)) {
        assertThat(unit).as(test.path() + ": only tests in " + pkg).isTrue();
      } else {
        assertThat(unit || integration).as(test.path() + ": a unit test (*Test) or an adapter's test (*IT)").isTrue();
      }
      if (unit && mainPackages.contains(pkg) && !test.name().equals("ArchitectureTest")) {
        Matcher m = startsSomething.matcher(test.code());
        assertThat(m.find() ? m.group() : null).as(test.path() + " is a unit test: it starts no runtime client,"
            + " SAM CLI, moto_server or process (name it *IT, or move it to e2e)").isNull();
      }
      // A MockWebServer of its own stalls 40 ms a request (delayed acknowledgements); MockServers' do not.
      assertThat(test.name().equals("MockServers") || !test.code().contains("new Mock" + "WebServer("))
          .as(test.path() + " makes its loopback server with MockServers.create() (or uses RecordingSlack)").isTrue();
    }
  }

  /**
   * No file leads back to itself through the files it names, in its package or by import: the house can be read
   * one file at a time, each after those it uses. A sealed type's {@code permits} clause names its subtypes by
   * definition and is not counted.
   */
  @Test
  void noFileReferencesItsWayBackToItself() {
    Map<String, Set<String>> references = new TreeMap<>();
    List<Source> sources = sources();
    for (Source source : sources) {
      String code = source.code().replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
          .replaceAll("permits [\\w\\s,.]+\\{", "{");
      Set<String> named = new TreeSet<>();
      for (Source other : sources) {
        if (other != source && other.pkg().equals(source.pkg())
            && Pattern.compile("\\b" + other.name() + "\\b").matcher(code).find()) {
          named.add(key(other.pkg(), other.name()));
        }
      }
      Matcher imported = PROJECT_REFERENCE.matcher(code);
      while (imported.find()) {
        named.add(key(imported.group(1), imported.group(2)));
      }
      references.put(key(source.pkg(), source.name()), named);
    }
    List<String> circles = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String file : references.keySet()) {
      walk(file, references, new ArrayList<>(), done, circles);
    }
    assertThat(circles).as("files that lead back to themselves").isEmpty();
  }

  private static String key(String pkg, String name) {
    return pkg.isEmpty() ? name : pkg + "." + name;
  }

  private static void walk(String file, Map<String, Set<String>> references, List<String> path, Set<String> done,
                           List<String> circles) {
    int at = path.indexOf(file);
    if (at >= 0) {
      circles.add(String.join(" -> ", path.subList(at, path.size())) + " -> " + file);
      return;
    }
    if (!done.add(file)) {
      return;
    }
    path.add(file);
    for (String next : references.getOrDefault(file, Set.of())) {
      walk(next, references, path, done, circles);
    }
    path.remove(path.size() - 1);
  }

  /** Every package of the code has its tests beside it, in the same package of the tests. */
  @Test
  void everyPackageOfTheCodeHasTestsBesideIt() {
    Set<String> tested = sources(TESTS).stream()
        .filter(t -> t.name().endsWith("Test") || t.name().endsWith("IT")).map(Source::pkg)
        .collect(Collectors.toSet());
    assertThat(sources().stream().map(Source::pkg).filter(pkg -> !tested.contains(pkg)).distinct())
        .as("packages of the code without a test of their own").isEmpty();
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
