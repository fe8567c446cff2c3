package dev.guarddutyslack.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where the test inputs live: the project's own fixtures, and the shared corpus when it is beside us. */
public final class Fixtures {
  public static final Path BASE = Path.of(System.getProperty("project.basedir", "."));
  public static final Path EVENTS = BASE.resolve("events");
  public static final Path TEST_FINDINGS = BASE.resolve("src/test/resources/findings");
  /** Synthetic events of the finding families GuardDuty added in 2025-26, built from the documented field shapes. */
  public static final Path FAMILIES = EVENTS.resolve("families");
  public static final Path EXPECTED = BASE.resolve("src/test/resources/expected");
  /** The triage button key the tests' notifier and triage function share ({@code TRIAGE_BUTTON_KEY}). */
  public static final String BUTTON_KEY = "test-button-key-0123456789abcdef0123456789";
  public static final Path CORPUS = BASE.resolve("../shared/guardduty-corpus").normalize();

  private Fixtures() {}

  public static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project's version as {@code pom.xml} declares it (the one after the project's artifactId). */
  public static String projectVersion() {
    Matcher m = Pattern.compile(
        "<artifactId>guardduty-slack</artifactId>\\s*(?:<!--.*?-->\\s*)*<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(read(BASE.resolve("pom.xml")));
    if (!m.find()) {
      throw new AssertionError("pom.xml declares no project version");
    }
    return m.group(1).strip();
  }

  public static String event(String name) {
    return read(EVENTS.resolve(name + ".json"));
  }

  /** The event fixtures, without {@code env.json} (which holds variables, not an event). */
  public static List<Path> eventFiles() {
    return list(EVENTS).stream().filter(p -> !p.getFileName().toString().equals("env.json")).toList();
  }

  /**
   * The findings whose messages have goldens: one per kind of resource ({@code src/test/resources/findings}) and one per
   * family GuardDuty added in 2025-26 ({@code events/families}, which users can preview and {@code sam local invoke}
   * too; the scan result there is not a finding and has a golden of its own).
   */
  public static List<Path> testFindings() {
    List<Path> all = new java.util.ArrayList<>(list(TEST_FINDINGS));
    list(FAMILIES).stream().filter(p -> !p.getFileName().toString().startsWith("scan-result")).forEach(all::add);
    return all;
  }

  /**
   * The shared corpus of real GuardDuty events; skips the calling test where it is absent, and says so once per
   * run (one {@code SKIPPED:} line, not one per test).
   */
  public static List<Path> corpus() {
    boolean present = corpusPresent();
    assumeTrue(present, "shared GuardDuty corpus not found at " + CORPUS);
    return list(CORPUS);
  }

  /** The corpus where it is beside us, else nothing (said once per run): for checks that use what there is. */
  public static List<Path> corpusIfPresent() {
    return corpusPresent() ? list(CORPUS) : List.of();
  }

  private static final java.util.concurrent.atomic.AtomicBoolean CORPUS_ABSENCE_TOLD =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static boolean corpusPresent() {
    boolean present = Files.isDirectory(CORPUS);
    if (!present && CORPUS_ABSENCE_TOLD.compareAndSet(false, true)) {
      System.out.println("SKIPPED: the shared GuardDuty corpus is not at " + CORPUS + "; the checks of real"
          + " findings did not run (they need ../shared/guardduty-corpus beside the checkout)");
    }
    return present;
  }

  public static Path corpusNotAFinding() {
    corpus();
    return CORPUS.resolve("not-a-finding");
  }

  public static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SNS notification envelope an SQS subscription receives without raw message delivery. */
  public static String sns(String message) {
    ObjectNode envelope = new ObjectMapper().createObjectNode().put("Type", "Notification")
        .put("MessageId", "95df01b4-ee98-5cb9-9903-4c221d41eb5e")
        .put("TopicArn", "arn:aws:sns:eu-west-1:111122223333:guardduty-findings").put("Message", message)
        .put("Timestamp", "2026-11-20T10:15:00.000Z").put("SignatureVersion", "1").put("Signature", "c2ln")
        .put("SigningCertURL", "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem");
    return envelope.toString();
  }
}
