package dev.guarddutyslack.format;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.storm.HeldFinding;
import dev.guarddutyslack.storm.Ledger;
import dev.guarddutyslack.storm.Window;
import dev.guarddutyslack.testing.SlackPayloadAssertions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest message: what it counts, what it shows, and that finding text in it is as safe as anywhere. */
class DigestFormatterTest {
  private static final Window WINDOW = new Window("HIGH", Instant.parse("2026-11-29T10:05:00Z"), Duration.ofMinutes(5));
  private final DigestFormatter formatter = new DigestFormatter(Map.of("111122223333", "Production"));

  private static List<HeldFinding> storm() {
    List<HeldFinding> held = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      held.add(new HeldFinding("id-" + i, "Recon:EC2/Type" + (i % 12), "Probe " + i, i % 3 == 0 ? "111122223333"
          : "44445555666" + (i % 3), i % 2 == 0 ? "eu-west-1" : "us-east-1", "aws", 2.0 + (i % 5)));
    }
    held.add(new HeldFinding("id-hostile", "<!channel> :skull: https://evil.example/x", "<@U123> *pwn* <https://evil"
        + ".example|click> &amp; :fire:", "111122223333", "eu-west-1", "aws", 8.9));
    return held;
  }

  @Test
  void itCountsWhatWasHeldAndSaysHowManyWentSingly() {
    JsonNode message = SlackPayloadAssertions.json(formatter.format(new Ledger.Digest(WINDOW, 20, storm())));

    assertThat(message.path("text").asText()).isEqualTo("GuardDuty digest: 51 findings in 5 minutes; 20 posted singly,"
        + " 31 held back (HIGH)");
    JsonNode blocks = message.at("/attachments/0/blocks");
    assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo("GuardDuty digest \u00B7 HIGH \u00B7 2026-11-29 10:05\u201310:10 UTC");
    assertThat(blocks.get(1).at("/text/text").asText()).startsWith("*51 findings in 5 minutes; 20 posted singly above.*");
    assertThat(blocks.get(2).path("fields")).extracting(f -> f.path("text").asText())
        .containsExactly("*CRITICAL*\n0", "*HIGH*\n1", "*MEDIUM*\n18", "*LOW*\n12");
    String types = blocks.get(3).at("/text/text").asText();
    assertThat(types.lines().filter(l -> l.startsWith("\u2022"))).hasSize(10);
    assertThat(types).endsWith("_and 3 more_");
    assertThat(blocks.get(4).at("/text/text").asText()).contains("111122223333 Production \u00D7 11");
    assertThat(blocks.get(5).at("/text/text").asText()).contains("`eu-west-1` \u00D7 16", "`us-east-1` \u00D7 15");
  }

  @Test
  void theMostSevereFiveAreListedWithTheirConsoleLinksAndEachRegionsFindings() {
    JsonNode message = SlackPayloadAssertions.json(formatter.format(new Ledger.Digest(WINDOW, 0, storm())));

    JsonNode blocks = message.at("/attachments/0/blocks");
    String severe = blocks.get(6).at("/text/text").asText();
    assertThat(severe.lines().skip(1)).hasSize(5);
    assertThat(severe.lines().skip(1).findFirst().orElseThrow()).startsWith("1. *HIGH 8.9*");
    JsonNode buttons = blocks.get(7).path("elements");
    assertThat(buttons).hasSize(7);
    assertThat(buttons.get(0).path("url").asText()).isEqualTo(
        "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=id-hostile");
    assertThat(buttons.get(5).path("url").asText()).isEqualTo(
        "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current");
    assertThat(buttons).extracting(b -> b.path("action_id").asText()).doesNotHaveDuplicates();
  }

  @Test
  void textFromTheFindingsIsInert() {
    JsonNode message = SlackPayloadAssertions.json(formatter.format(new Ledger.Digest(WINDOW, 3, storm())));

    assertValidAndSafe(message);
    assertThat(message.toString()).doesNotContain("<!channel>").doesNotContain("<@U123>")
        .doesNotContain("https://evil").doesNotContain(":fire:");
  }
}
