package dev.guarddutyslack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.MockServers;
import dev.guarddutyslack.testing.SlackPayloadAssertions;
import dev.guarddutyslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewTest {
  @StartStop
  private final MockWebServer slack = MockServers.create();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Preview.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static final String ROUTES = "[{\"name\":\"on-call\",\"match\":{\"band\":[\"CRITICAL\"]},"
      + "\"to\":[\"ONCALL\",\"CRITICAL\"],\"mention\":\"here\"},"
      + "{\"name\":\"payments\",\"match\":{\"tag\":{\"team\":\"payments\"}},\"to\":[\"PAYMENTS\"],\"continue\":true},"
      + "{\"name\":\"no recon\",\"match\":{\"type\":\"Recon:*\"},\"mute\":\"scanners\"}]";

  @Test
  void withRulesThePreviewSaysWhereEachFindingGoesWithoutAnyWebhook() {
    int status = run(Map.of("ROUTES", ROUTES, "MIN_SEVERITY", "LOW"), Fixtures.EVENTS.resolve("sqs-batch.json").toString());

    assertThat(status).as(err()).isZero();
    assertThat(out().lines().filter(l -> l.startsWith("# routed") || l.startsWith("# muted")
        || l.startsWith("# no rule"))).containsExactly(
        "# muted by rule 'no recon': scanners",
        "# no rule matched: routed by band to MEDIUM",
        "# routed by rule 'payments' to PAYMENTS, and by band to HIGH",
        "# routed by rule 'on-call' to ONCALL (@here), CRITICAL (@here)");
  }

  @Test
  void aMistakeInTheRulesIsBadInputNamingTheRule() {
    int status = run(Map.of("ROUTES", "[{\"name\":\"x\",\"to\":[\"A\"],\"mute\":\"y\"}]"),
        Fixtures.EVENTS.resolve("finding-high.json").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err()).isEqualTo("preview: ROUTES[0]: has both to and mute: a rule either sends or mutes\n");
  }

  @Test
  void postingWithARuleWhoseDestinationHasNoWebhookIsBadInput() {
    int status = run(Map.of("ROUTES", ROUTES, "SLACK_WEBHOOK_URL", slack.url("/default").toString()),
        Fixtures.EVENTS.resolve("finding-critical.json").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err()).contains("preview: ROUTES[0].to: no webhook or channel named ONCALL");
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void postingWithRulesPostsToEachDestination() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    int status = run(Map.of("ROUTES", ROUTES, "SLACK_WEBHOOK_URL", slack.url("/default").toString(),
        "SLACK_WEBHOOK_URL_ONCALL", slack.url("/oncall").toString(),
        "SLACK_WEBHOOK_URL_PAYMENTS", slack.url("/payments").toString()),
        Fixtures.EVENTS.resolve("finding-critical.json").toString());

    assertThat(status).as(err()).isZero();
    java.util.Set<String> paths = new java.util.TreeSet<>();
    for (int i = 0; i < 2; i++) {
      paths.add(slack.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS).getUrl().encodedPath());
    }
    assertThat(paths).containsExactly("/default", "/oncall");
  }

  @Test
  void printsTheExactPayloadAndABuilderLinkWithoutPosting() throws Exception {
    int status = run(Map.of(), Fixtures.EVENTS.resolve("finding-high.json").toString());

    assertThat(status).isZero();
    String printed = out();
    String json = printed.substring(printed.indexOf('{'), printed.lastIndexOf("Block Kit Builder:"));
    JsonNode payload = TestApp.MAPPER.readTree(json);
    SlackPayloadAssertions.assertValidAndSafe(payload);
    String link = printed.lines().filter(l -> l.startsWith("Block Kit Builder: ")).findFirst().orElseThrow()
        .substring("Block Kit Builder: ".length());
    assertThat(link).startsWith(Preview.BUILDER);
    JsonNode builder = TestApp.MAPPER.readTree(URLDecoder.decode(link.substring(Preview.BUILDER.length()),
        StandardCharsets.UTF_8));
    assertThat(builder.get("attachments")).isEqualTo(payload.get("attachments"));
    assertThat(err()).contains("not posted");
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void postsWhenAWebhookIsSet() throws Exception {
    for (int i = 0; i < 4; i++) {
      slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    }

    int status = run(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString(), "MIN_SEVERITY", "LOW"),
        Fixtures.EVENTS.resolve("sqs-batch.json").toString());

    assertThat(status).isZero();
    assertThat(slack.getRequestCount()).isEqualTo(4);
    assertThat(out()).contains("skipped: not a finding: a Malware Protection scan result");
    assertThat(slack.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("\"attachments\"");
  }

  @Test
  void aRejectedPostExitsNonZero() {
    slack.enqueue(new MockResponse.Builder().code(404).body("no_service").build());

    int status = run(Map.of("SLACK_WEBHOOK_URL", slack.url("/hook").toString()),
        Fixtures.EVENTS.resolve("finding-high.json").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err()).contains("no_service").doesNotContain("/hook");
  }

  @Test
  void anUnknownFileIsAOneLineError() {
    assertThat(run(Map.of(), "events/does-not-exist.json")).isEqualTo(2);
    assertThat(err().strip()).isEqualTo("preview: no such file: events/does-not-exist.json");
  }

  @Test
  void badJsonIsAOneLineErrorWithItsPlace(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\n  \"detail-type\": oops\n}");

    assertThat(run(Map.of(), bad.toString())).isEqualTo(2);
    assertThat(err().strip()).startsWith("preview: " + bad + " is not valid JSON (line 2").doesNotContain("\n");
  }

  @Test
  void badConfigurationNamesTheVariable() {
    assertThat(run(Map.of("SLACK_WEBHOOK_URL", "http://hooks.example.com/T/B/secret"),
        Fixtures.EVENTS.resolve("finding-high.json").toString())).isEqualTo(2);
    assertThat(err()).contains("SLACK_WEBHOOK_URL must be an https:// URL").doesNotContain("secret");
  }

  @Test
  void noArgumentsPrintsUsage() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(err()).startsWith("usage: preview");
  }
}
