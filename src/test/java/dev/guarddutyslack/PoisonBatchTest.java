package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Property: however a batch mixes valid findings with arbitrary JSON values, non-JSON bodies and events
 * that merely look like findings, the handler never throws, posts every valid finding, and reports exactly
 * the records it could not read in {@code batchItemFailures}. The seed is printed so that a failure can be
 * replayed with {@code -Dpoison.seed=…}.
 */
class PoisonBatchTest {
  private static final int BATCHES = 150;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();
  @RegisterExtension
  final TestApps apps = new TestApps();

  /** What a record is, and so what the handler must make of it. */
  private enum Kind {
    FINDING(false, true),
    NOT_JSON(true, false),
    NOT_AN_OBJECT(true, false),
    /** A JSON object that is no EventBridge event ({@code {}} among them): to the dead-letter queue. */
    OTHER_OBJECT(true, false),
    FINDING_WITHOUT_READABLE_DETAIL(true, false),
    /** A source that is text but not aws.guardduty: believed to be someone else's event, skipped. */
    FORGED_SOURCE(false, false),
    /** A source that is not text: no EventBridge event. */
    SOURCE_NOT_TEXT(true, false),
    /** GuardDuty's other events on aws.guardduty: skipped. */
    OTHER_DETAIL_TYPE(false, false),
    /** A finding inside an SNS notification (a topic subscribed to the queue): unwrapped and posted. */
    SNS_FINDING(false, true),
    /** An SNS notification whose Message is no event. */
    SNS_GARBAGE(true, false),
    /** A forged update time, far past any date: posted as if it had none. */
    FORGED_UPDATED_AT(false, true);

    final boolean fails;
    final boolean posts;

    Kind(boolean fails, boolean posts) {
      this.fails = fails;
      this.posts = posts;
    }
  }

  @Test
  void mixedBatchesNeverThrowAndReportExactlyTheBadRecords() throws Exception {
    long seed = Long.getLong("poison.seed", System.nanoTime());
    System.out.println("PoisonBatchTest seed " + seed);
    Random random = new Random(seed);
    TestApp app = apps.start(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook"), "MIN_SEVERITY", "LOW"),
        new FakeTicker());
    List<String> findings = List.of(Fixtures.event("finding-low"), Fixtures.event("finding-medium"),
        Fixtures.event("finding-high"), Fixtures.event("finding-critical"), Fixtures.event("sample-finding"));
    int posted = 0;
    for (int b = 0; b < BATCHES; b++) {
      int size = 1 + random.nextInt(10);
      List<String> bodies = new ArrayList<>();
      Set<String> expectedFailures = new TreeSet<>();
      int expectedPosts = 0;
      for (int i = 0; i < size; i++) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        bodies.add(body(kind, random, findings));
        if (kind.fails) {
          expectedFailures.add("m" + i);
        }
        expectedPosts += kind.posts ? 1 : 0;
      }
      String batch = TestApp.sqsBatch(bodies.toArray(String[]::new));
      String[] out = new String[1];

      assertThatCode(() -> out[0] = app.invoke(batch)).as("seed %d, batch %d: %s", seed, b, batch)
          .doesNotThrowAnyException();

      Set<String> reported = new TreeSet<>();
      TestApp.MAPPER.readTree(out[0]).path("batchItemFailures")
          .forEach(f -> reported.add(f.path("itemIdentifier").asText()));
      assertThat(reported).as("seed %d, batch %d: %s", seed, b, batch).isEqualTo(expectedFailures);
      posted += expectedPosts;
      assertThat(slack.count()).as("seed %d, batch %d", seed, b).isEqualTo(posted);
    }
  }

  private static String body(Kind kind, Random random, List<String> findings) throws Exception {
    return switch (kind) {
      case FINDING -> findings.get(random.nextInt(findings.size()));
      case NOT_JSON -> {
        String text;
        do {
          text = List.of("", " ", "{", "}", "nul", "{\"a\":", "[1,", "'x'", "\u0000", "{\"detail-type\"")
              .get(random.nextInt(10)) + (random.nextBoolean() ? "" : randomText(random));
        } while (isJson(text));
        yield text;
      }
      case NOT_AN_OBJECT -> {
        JsonNode value = randomValue(random, 3);
        while (value.isObject()) {
          value = randomValue(random, 3);
        }
        yield value.toString();
      }
      case OTHER_OBJECT -> {
        ObjectNode object = random.nextInt(4) == 0 ? NODES.objectNode() : randomObject(random, 3);
        object.remove(random.nextBoolean() ? "detail-type" : "source");
        yield object.toString();
      }
      case FINDING_WITHOUT_READABLE_DETAIL -> {
        ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(findings.get(random.nextInt(findings.size())));
        JsonNode detail = randomValue(random, 2);
        if (detail.isObject()) {
          ((ObjectNode) detail).remove("severity");
        }
        if (random.nextBoolean()) {
          event.set("detail", detail);
        } else {
          ((ObjectNode) event.get("detail")).put("severity", random.nextBoolean() ? "high" : "");
        }
        yield event.toString();
      }
      case FORGED_SOURCE -> {
        ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(findings.get(random.nextInt(findings.size())));
        event.put("source", randomText(random));
        if (event.path("source").asText().equals("aws.guardduty")) {
          event.put("source", "not.guardduty");
        }
        yield event.toString();
      }
      case SOURCE_NOT_TEXT -> {
        ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(findings.get(random.nextInt(findings.size())));
        JsonNode source = randomValue(random, 1);
        while (source.isTextual()) {
          source = randomValue(random, 1);
        }
        event.set("source", source);
        yield event.toString();
      }
      case OTHER_DETAIL_TYPE -> Fixtures.event("not-a-finding");
      case SNS_FINDING -> Fixtures.sns(findings.get(random.nextInt(findings.size())));
      case SNS_GARBAGE -> {
        // An object with text in both source and detail-type would be an event (someone else's, skipped): one goes.
        ObjectNode object = randomObject(random, 2);
        object.remove(random.nextBoolean() ? "detail-type" : "source");
        yield Fixtures.sns(random.nextBoolean() ? randomText(random) + "}" : object.toString());
      }
      case FORGED_UPDATED_AT -> {
        ObjectNode event = (ObjectNode) TestApp.MAPPER.readTree(findings.get(random.nextInt(findings.size())));
        ((ObjectNode) event.get("detail")).put("updatedAt", random.nextBoolean() ? "+999999999-12-31T23:59:59Z"
            : "-999999999-01-01T00:00:00Z");
        yield event.toString();
      }
    };
  }

  /** Whether the text parses as a JSON value (blank text does not). */
  private static boolean isJson(String text) {
    try {
      JsonNode node = TestApp.MAPPER.readTree(text);
      return node != null && !node.isMissingNode();
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode randomValue(Random random, int depth) {
    int choice = random.nextInt(depth > 0 ? 8 : 6);
    return switch (choice) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
      case 4, 5 -> NODES.textNode(randomText(random));
      case 6 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomValue(random, depth - 1));
        }
        yield array;
      }
      default -> randomObject(random, depth - 1);
    };
  }

  private static ObjectNode randomObject(Random random, int depth) {
    ObjectNode object = NODES.objectNode();
    List<String> keys = List.of("detail-type", "source", "detail", "id", "region", "account", "Records",
        "severity", "resources", "time", randomText(random));
    for (int i = random.nextInt(6); i > 0; i--) {
      object.set(keys.get(random.nextInt(keys.size())), randomValue(random, Math.max(0, depth - 1)));
    }
    return object;
  }

  private static String randomText(Random random) {
    String alphabet = "aZ9 <>&@*_~`\"\\{}[]:,\u202E\u200B\uD83D\uDEA8\n\t";
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
