package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.testing.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Existing configurations behave exactly as before routing existed: over every fixture and the shared corpus
 * of real findings, and over several sets of band webhooks, a function without {@code ROUTES}, with
 * {@code ROUTES=[]} and with rules that match nothing posts the same messages to the same webhooks, and those
 * are where the band alone sends each finding (its own webhook, else {@code DEFAULT}).
 */
class NoRoutesUnchangedTest {
  /** Rules that match none of the findings: an account and a region no finding has. */
  private static final String NEVER = "[{\"name\":\"never\",\"match\":{\"account\":\"000000000000\"},\"to\":[\"NOWHERE\"]},"
      + "{\"name\":\"never mute\",\"match\":{\"region\":\"xx-nowhere-1\"},\"mute\":\"n\"}]";
  private static final List<List<String>> WEBHOOK_SETS = List.of(List.of("DEFAULT"), List.of("HIGH", "CRITICAL"),
      List.of("LOW", "MEDIUM", "HIGH", "CRITICAL"), List.of("DEFAULT", "CRITICAL"));

  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();

  private static List<Path> events() {
    List<Path> events = new ArrayList<>(Fixtures.eventFiles());
    events.addAll(Fixtures.testFindings());
    events.addAll(Fixtures.corpusIfPresent());
    return events;
  }

  /** Every post, by event file: the webhook's path and the message. */
  private Map<String, List<String>> posts(Map<String, String> env, List<Path> events) throws Exception {
    Map<String, List<String>> posts = new TreeMap<>();
    try (TestApp app = new TestApp(env, new FakeTicker())) {
      for (Path event : events) {
        slack.clear();
        app.invoke(Fixtures.read(event));
        List<String> here = new ArrayList<>();
        for (RecordedRequest request : slack.posts()) {
          here.add(request.getUrl().encodedPath() + " " + request.getBody().utf8());
        }
        here.sort(null);
        posts.put(event.getFileName().toString(), here);
      }
    }
    return posts;
  }

  @Test
  void withoutRulesEveryFindingGoesWhereItsBandAloneSendsIt() throws Exception {
    List<Path> events = events();
    int compared = 0;
    for (List<String> names : WEBHOOK_SETS) {
      Map<String, String> env = new HashMap<>(Map.of("MIN_SEVERITY", "LOW"));
      for (String name : names) {
        env.put(name.equals("DEFAULT") ? "SLACK_WEBHOOK_URL" : "SLACK_WEBHOOK_URL_" + name,
            slack.url("/" + name.toLowerCase()));
      }
      Map<String, List<String>> before = posts(env, events);
      Map<String, String> empty = new HashMap<>(env);
      empty.put("ROUTES", "[]");
      Map<String, String> never = new HashMap<>(env);
      never.put("ROUTES", NEVER);
      never.put("SLACK_WEBHOOK_URL_NOWHERE", slack.url("/nowhere"));

      assertThat(posts(empty, events)).as("ROUTES=[] with " + names).isEqualTo(before);
      assertThat(posts(never, events)).as("rules that match nothing, with " + names).isEqualTo(before);
      for (Path event : events) {
        assertThat(before.get(event.getFileName().toString())).extracting(p -> p.substring(0, p.indexOf(' ')))
            .as(event + " with " + names).containsExactlyElementsOf(expectedPaths(event, names));
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(WEBHOOK_SETS.size() * 20);
  }

  /** Where the band alone sends each finding of the file: its own webhook, else DEFAULT, else nowhere. */
  private static List<String> expectedPaths(Path event, List<String> names) throws Exception {
    JsonNode root = TestApp.MAPPER.readTree(Fixtures.read(event));
    List<JsonNode> events = new ArrayList<>();
    if (root.has("Records")) {
      for (JsonNode record : root.get("Records")) {
        events.add(TestApp.MAPPER.readTree(record.path("body").asText()));
      }
    } else {
      events.add(root);
    }
    Map<String, Integer> paths = new LinkedHashMap<>();
    for (JsonNode e : events) {
      if (!"GuardDuty Finding".equals(e.path("detail-type").asText()) || !"aws.guardduty".equals(e.path("source")
          .asText())) {
        continue;
      }
      Optional<Severity> band = Finding.of(e.get("detail")).band();
      if (band.isEmpty()) {
        continue;
      }
      String name = names.contains(band.get().key()) ? band.get().key()
          : names.contains("DEFAULT") ? "DEFAULT" : null;
      if (name != null) {
        paths.merge("/" + name.toLowerCase(), 1, Integer::sum);
      }
    }
    List<String> expected = new ArrayList<>();
    paths.forEach((path, count) -> {
      for (int i = 0; i < count; i++) {
        expected.add(path);
      }
    });
    expected.sort(null);
    return expected;
  }
}
