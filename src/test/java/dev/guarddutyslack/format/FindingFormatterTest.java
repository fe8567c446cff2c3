package dev.guarddutyslack.format;

import static dev.guarddutyslack.testing.SlackPayloadAssertions.assertValidAndSafe;
import static dev.guarddutyslack.testing.SlackPayloadAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.outcome.PreviousNotification;
import dev.guarddutyslack.slack.Mention;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SlackPayloadAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FindingFormatterTest {
  /** Set to rewrite the expected payloads after a deliberate change of layout; review the diff. */
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final FindingFormatter formatter = new FindingFormatter(Map.of("111122223333", "Production"));

  static Stream<Path> resourceTypeFixtures() {
    return Fixtures.testFindings().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resourceTypeFixtures")
  void rendersEachResourceTypeAsExpected(Path fixture) throws IOException {
    JsonNode actual = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.read(fixture))));
    Path expectedFile = Fixtures.EXPECTED.resolve(fixture.getFileName());
    if (UPDATE) {
      Files.createDirectories(Fixtures.EXPECTED);
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(expectedFile.toFile(), actual);
    }
    assertThat(expectedFile).as("expected payload for " + fixture.getFileName()).exists();
    assertThat(actual).isEqualTo(MAPPER.readTree(expectedFile.toFile()));
    assertValidAndSafe(actual);
  }

  @Test
  void everyResourceTypeOfTheSchemaHasAFixture() {
    List<String> types = Fixtures.testFindings().stream()
        .map(p -> finding(Fixtures.read(p)).resource().text("resourceType")).distinct().toList();
    assertThat(types).contains("Instance", "AccessKey", "S3Bucket", "S3Object", "EKSCluster", "ECSCluster",
        "Container", "Lambda", "RDSDBInstance", "RDSLimitlessDB", "AttackSequence", "RecoveryPoint");
  }

  @Test
  void showsTheDetailsThatMatterForEachKind() {
    assertThat(rendered("attack-sequence")).contains("*Activity signals (2)*", "`s3:PutBucketPolicy`",
        "*Findings in this sequence (2)*", "`Discovery:IAMUser/AnomalousBehavior` · MEDIUM 5.0 · seen 3×",
        "*Attack tactics:*");
    assertThat(rendered("ebs-malware")).contains("`EICAR-Test-File (not a virus)`", "`/home/ec2-user/eicar.com`",
        "`/dev/xvda`");
    assertThat(rendered("eks-cluster")).contains("*EKS cluster:* `prod-cluster`", "*Namespace:* `payments`",
        "*Privileged container:* `shell`");
    assertThat(rendered("accesskey-apicall")).contains("*API:* `iam.amazonaws.com:ListRoles`",
        "*Remote IP:* `203.0.113.77`", "Amsterdam, Netherlands");
    assertThat(rendered("rds-instance")).contains("217 failed, 1 succeeded",
        "*Resource ID:* `db-ABCDEFGHIJKLMNOPQRSTUVWXY1`");
    assertThat(rendered("ecs-cluster")).contains("*Launch type:* FARGATE");
    assertThat(rendered("instance-dns")).contains("*VPC owner:* `444455556666`");
  }

  /**
   * A finding that is part of an attack sequence says so, and links to the sequence in the console beside its own
   * link; the sequence lists it among its findings, with a link to it. Each message is made from its own finding
   * alone, so whichever comes first leads to the other.
   */
  @Test
  void aFindingAndItsAttackSequenceLinkToEachOther() {
    JsonNode part = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.read(
        Fixtures.TEST_FINDINGS.resolve("part-of-sequence.json")))));
    JsonNode sequence = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.event("attack-sequence"))));
    assertValidAndSafe(part);
    assertValidAndSafe(sequence);
    JsonNode partBlocks = part.at("/attachments/0/blocks");
    assertThat(partBlocks.get(partBlocks.size() - 2).toString()).contains("Part of attack sequence `5c6d7e8f`\u2026");
    JsonNode partButtons = partBlocks.get(partBlocks.size() - 1).path("elements");
    assertThat(partButtons.get(1).path("action_id").asText()).isEqualTo("open_sequence");

    JsonNode sequenceBlocks = sequence.at("/attachments/0/blocks");
    String sequenceOwnUrl = sequenceBlocks.get(sequenceBlocks.size() - 1).path("elements").get(0).path("url").asText();
    String partOwnUrl = partButtons.get(0).path("url").asText();
    assertThat(partButtons.get(1).path("url").asText()).isEqualTo(sequenceOwnUrl).isEqualTo(
        "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current"
            + "&fId=5c6d7e8f90a1b2c3d4e5f60718293a4b");
    List<JsonNode> links = sequenceBlocks.findValues("accessory");
    assertThat(links).extracting(b -> b.path("action_id").asText())
        .containsExactly("open_constituent_0", "open_constituent_1");
    assertThat(links.get(0).path("url").asText()).isEqualTo(partOwnUrl).endsWith("&fId=3f60718293a4b5c6d7e8f90a1b2c3d4e");
    assertThat(links.get(1).path("url").asText()).endsWith("&fId=7a8b9c0d1e2f30415263748596a7b8c9");

    JsonNode alone = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.read(
        Fixtures.TEST_FINDINGS.resolve("accesskey-apicall.json")))));
    assertThat(alone.toString()).doesNotContain("open_sequence", "Part of attack sequence", "open_constituent");
  }

  /**
   * A signal's {@code uid} is finding text: only a GuardDuty finding's ARN, whole and in every part, becomes a
   * link; anything else leaves the finding listed without one.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sig-1",
      "3f60718293a4b5c6d7e8f90a1b2c3d4e",
      "arn:aws:iam::111122223333:role/x",
      "arn:aws:guardduty:eu-west-1:111122223333:detector/5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/3f6071",
      "arn:aws:guardduty:eu-west-1:11112222333:detector/5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/3f60718293a4b5c6d7e8f90a1b2c3d4e",
      "arn:aws:guardduty:evil.example/x:111122223333:detector/5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/3f60718293a4b5c6d7e8f90a1b2c3d4e",
      "arn:aws:guardduty:eu-west-1:111122223333:detector/5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/3f60718293a4b5c6d7e8f90a1b2c3d4e/../x",
      "arn:aws-evil:guardduty:eu-west-1:111122223333:detector/5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/3f60718293a4b5c6d7e8f90a1b2c3d4e",
      "<https://attacker.example|arn:aws:guardduty:eu-west-1:111122223333:detector/5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/3f60718293a4b5c6d7e8f90a1b2c3d4e>"})
  void onlyAFindingsArnBecomesALink(String uid) throws IOException {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("attack-sequence"));
    com.fasterxml.jackson.databind.node.ArrayNode signals = (com.fasterxml.jackson.databind.node.ArrayNode)
        event.at("/detail/service/detection/sequence/signals");
    signals.forEach(sig -> ((ObjectNode) sig).put("uid", uid));
    JsonNode message = SlackPayloadAssertions.json(formatter.format(Finding.of(event.get("detail"))));
    assertValidAndSafe(message);
    assertThat(message.toString()).contains("*Findings in this sequence (2)*", "Exfiltration:S3/AnomalousBehavior")
        .doesNotContain("open_constituent", "attacker.example");
  }

  /**
   * The largest sequence GuardDuty makes (100 signals): ten findings listed with a link each and the count of the
   * rest, within Slack's limits; activity signals listed among the details, ten of them.
   */
  @Test
  void aSequenceOfAHundredSignalsListsTenFindingsAndHowManyMore() throws IOException {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("attack-sequence"));
    com.fasterxml.jackson.databind.node.ArrayNode signals = ((ObjectNode) event.at("/detail/service/detection/sequence"))
        .putArray("signals");
    for (int i = 0; i < 100; i++) {
      ObjectNode sig = signals.addObject().put("type", i % 4 == 3 ? "CLOUD_TRAIL" : "FINDING")
          .put("name", "Discovery:S3/AnomalousBehavior").put("severity", 5.0).put("count", i);
      sig.put("uid", String.format("arn:aws:guardduty:eu-west-1:111122223333:detector/"
          + "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7/finding/%032x", i));
    }
    JsonNode message = SlackPayloadAssertions.json(formatter.format(Finding.of(event.get("detail"))));
    assertValidAndSafe(message);
    List<JsonNode> links = message.findValues("accessory");
    assertThat(links).hasSize(10);
    assertThat(links.get(9).path("url").asText()).endsWith(String.format("&fId=%032x", 12));
    assertThat(message.toString()).contains("*Findings in this sequence (75)*",
        "and 65 more: open the attack sequence in the console to see them all", "*Activity signals (25)*",
        "_15 more in the console_");
  }

  /**
   * A Malware Protection for S3 scan result: its own message (the object, its version, the threats), a button to the
   * object in the S3 console, and no triage buttons, since there is no finding to archive. Compared with its golden
   * and held to the strict Block Kit checks, with a mention in the object's key.
   */
  @Test
  void aScanResultIsAMessageAboutTheObject() throws IOException {
    Path fixture = Fixtures.BASE.resolve("events/families/scan-result-threats-found.json");
    Finding finding = ((dev.guarddutyslack.guardduty.ParsedEvent.ScanResultEvent) dev.guarddutyslack.guardduty
        .EventParser.parse(MAPPER.readTree(Fixtures.read(fixture)))).finding();
    JsonNode actual = SlackPayloadAssertions.json(new FindingFormatter(Map.of(),
        dev.guarddutyslack.buttons.ButtonKeys.of(Fixtures.BUTTON_KEY)).format(finding));
    Path expectedFile = Fixtures.EXPECTED.resolve("scan-result-threats-found.json");
    if (UPDATE) {
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(expectedFile.toFile(), actual);
    }
    assertThat(actual).isEqualTo(MAPPER.readTree(expectedFile.toFile()));
    assertValidAndSafe(actual);
    String text = actual.toString();
    assertThat(text).contains("`EICAR-Test-File (not a virus)`", "`Win.Trojan.Agent`", "*Bucket:* `uploads-inbox`",
        "Malware Protection for S3 scan result",
        "https://s3.console.aws.amazon.com/s3/object/uploads-inbox?region=eu-west-1&prefix=invoices%2F2026-11+%3C%40U123%3E.pdf")
        .doesNotContain("<@U123>", "\"archive\"", "useful", "fId=");
  }

  /** The families GuardDuty added in 2025 and 2026, each with the facts a responder needs first. */
  @Test
  void showsTheFactsOfEachNewFamily() {
    assertThat(rendered("ai-prompt-injection")).contains("*Models:* `anthropic.claude-3-5-sonnet-20240620-v1:0`",
        "*Action:* BLOCKED", "*Source:* INPUT", "`PROMPT_ATTACK` · confidence HIGH · BLOCKED",
        "gr-0a1b2c3d4e5f v3`");
    assertThat(rendered("runtime-sensitive-file")).contains("*File:* `/etc/sudoers`", "*File operation:* Write");
    assertThat(rendered("backup-recovery-point")).contains("*Backup vault:* `prod-vault`",
        "*Scan type:* BACKUP_INITIATED · INCREMENTAL_SCAN", "*Unique threats:* 2",
        "*Scanned window:* 2026-11-19 10:00:00 UTC – 2026-11-20 10:00:00 UTC", "`Linux.Trojan.Mirai` · 3×");
    assertThat(rendered("attack-sequence-eks")).contains("*Resources (4)*", "`KUBERNETES_WORKLOAD` `checkout` · DEPLOYMENTS in `payments`",
        "`CONTAINER` `checkout-app` · `111122223333.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.4.2`",
        "*Malicious files:* `/tmp/kdevtmpfsi`", "*Vulnerabilities:* `CVE-2024-21626`");
    assertThat(rendered("attack-sequence-ec2-group")).contains("`AUTOSCALING_AUTO_SCALING_GROUP` `web-asg` · 3 instances",
        "`EC2_LAUNCH_TEMPLATE` `web-template` · version 7 · 3 instances", "`EC2_INSTANCE` `i-01` · `c6g.large`");
    assertThat(rendered("attack-sequence-ecs")).contains("`ECS_TASK` `0a1b2c3d` · FARGATE · `arn:aws:ecs:",
        "*Malicious packages:* `npm:event-stream@3.3.6`");
  }

  @Test
  void marksSampleFindings() {
    JsonNode message = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.event("sample-finding"))));
    assertThat(message.path("text").asText()).startsWith("[SAMPLE] ");
    assertThat(message.at("/attachments/0/blocks/0/text/text").asText()).startsWith("[SAMPLE] ");
    assertThat(texts(message)).anyMatch(t -> t.contains("Sample finding"));
    JsonNode real = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.event("finding-high"))));
    assertThat(texts(real)).noneMatch(t -> t.contains("SAMPLE") || t.contains("Sample finding"));
  }

  @Test
  void colourAndSummaryFollowTheBand() {
    JsonNode critical = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.event("finding-critical"))));
    assertThat(critical.at("/attachments/0/color").asText()).isEqualTo("#B30000");
    assertThat(critical.path("text").asText())
        .isEqualTo("GuardDuty CRITICAL 9.2: Potential data compromise of one or more S3 buckets indicated by a "
            + "sequence of actions. \u2014 account 111122223333 (Production), eu-west-1");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "aws, eu-west-1, https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=abc123",
      "aws-cn, cn-north-1, https://cn-north-1.console.amazonaws.cn/guardduty/home?region=cn-north-1#/findings?macros=current&fId=abc123",
      "aws-us-gov, us-gov-west-1, https://console.amazonaws-us-gov.com/guardduty/home?region=us-gov-west-1#/findings?macros=current&fId=abc123"})
  void linksToTheConsoleOfTheFindingsPartition(String partition, String region, String url) {
    Finding f = finding("{\"detail-type\":\"GuardDuty Finding\",\"detail\":{\"id\":\"abc123\",\"severity\":5,"
        + "\"partition\":\"" + partition + "\",\"region\":\"" + region + "\"}}");
    assertThat(ConsoleLinks.findingUrl(f)).contains(url);
  }

  @Test
  void noButtonWhenTheRegionIsNotARegion() {
    Finding f = finding("{\"detail\":{\"id\":\"abc\",\"severity\":5,\"region\":\"evil.example/x?\"}}");
    assertThat(ConsoleLinks.findingUrl(f)).isEmpty();
    JsonNode message = SlackPayloadAssertions.json(formatter.format(f));
    assertThat(message.toString()).doesNotContain("\"actions\"");
    assertValidAndSafe(message);
  }

  /**
   * Triage on: Archive (danger, with a dialog that names the finding), Useful and Not useful beside the console
   * link, each carrying the finding bound by the button key.
   */
  @Test
  void withTriageOnTheButtonsNameTheFindingAndArchiveAsksFirst() throws IOException {
    Finding f = finding(Fixtures.event("finding-high"));
    JsonNode message = SlackPayloadAssertions.json(new FindingFormatter(Map.of(), ButtonKeys.of(Fixtures.BUTTON_KEY)).format(f));
    assertValidAndSafe(message);
    JsonNode buttons = message.at("/attachments/0/blocks").findValues("elements").stream()
        .filter(e -> e.path(0).path("type").asText().equals("button")).findFirst().orElseThrow();
    String value = ButtonValue.write(FindingRef.of("111122223333", "eu-west-1", "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7",
        "d60c8da498e65e3091c69055272e2fbc", Severity.HIGH, f.type()).orElseThrow(),
        Fixtures.BUTTON_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(buttons.findValuesAsText("action_id")).containsExactly("open_console", "archive", "useful",
        "not_useful");
    assertThat(buttons.get(0).has("value")).as("the console link carries no value").isFalse();
    for (int i = 1; i < 4; i++) {
      assertThat(buttons.get(i).path("value").asText()).isEqualTo(value);
      assertThat(buttons.get(i).has("url")).isFalse();
    }
    assertThat(buttons.get(1).path("style").asText()).isEqualTo("danger");
    assertThat(buttons.get(1).at("/confirm/title/text").asText()).isEqualTo("Archive this finding?");
    assertThat(buttons.get(1).at("/confirm/text/text").asText()).isEqualTo("GuardDuty moves "
        + "Trojan:EC2/DNSDataExfiltration d60c8da4\u2026 to its archive; it no longer shows among current findings.");
    assertThat(buttons.get(2).has("confirm") || buttons.get(3).has("confirm")).isFalse();

    JsonNode off = SlackPayloadAssertions.json(formatter.format(f));
    assertThat(off.toString()).contains("open_console").doesNotContain("\"archive\"").doesNotContain("\"value\"");
  }

  /** A detector or finding id not of GuardDuty's shape never reaches a button: the message has only the link. */
  @Test
  void noTriageButtonsForIdsOfAnotherShape() {
    Finding f = finding("{\"detail\":{\"id\":\"d60c8da498e65e3091c69055272e2fbc\",\"severity\":8,\"accountId\":"
        + "\"111122223333\",\"region\":\"eu-west-1\",\"service\":{\"detectorId\":\"x:HIGH:<!channel>\"}}}");
    JsonNode message = SlackPayloadAssertions.json(new FindingFormatter(Map.of(), ButtonKeys.of(Fixtures.BUTTON_KEY)).format(f));
    assertValidAndSafe(message);
    assertThat(message.toString()).contains("open_console").doesNotContain("\"archive\"").doesNotContain("channel>");
  }

  @Test
  void aFindingWithAlmostNothingStillRenders() {
    JsonNode message = SlackPayloadAssertions.json(formatter.format(finding("{\"detail\":{\"severity\":\"7.5\"}}")));
    assertValidAndSafe(message);
    assertThat(message.path("text").asText()).startsWith("GuardDuty HIGH 7.5: GuardDuty finding");
  }

  /** A rule's mentions open the notification line, where Slack notifies of them; they are nowhere else. */
  @Test
  void aRulesMentionsOpenTheNotificationLineAndNothingElse() {
    Finding critical = finding(Fixtures.event("finding-critical"));

    JsonNode message = SlackPayloadAssertions.json(formatter.format(critical, Optional.empty(),
        List.of(Mention.parse("here"), Mention.parse("subteam:S0123ABCD"))));

    assertThat(message.path("text").asText()).startsWith("<!here> <!subteam^S0123ABCD> GuardDuty CRITICAL");
    assertThat(message.at("/attachments/0/fallback").asText()).isEqualTo(message.path("text").asText());
    assertThat(message.at("/attachments/0/blocks").toString()).doesNotContain("<!");
    assertValidAndSafe(message, "<!here> <!subteam^S0123ABCD> ");
    assertThat(SlackPayloadAssertions.json(formatter.format(critical)).path("text").asText())
        .as("without a rule, no mention").startsWith("GuardDuty CRITICAL");
  }

  /** A title of ampersands grows fivefold when escaped: it is cut between entities, never escaped twice. */
  @Test
  void aLongEscapedTitleIsCutBetweenEntitiesAndTheLineKeepsItsCap() {
    ObjectNode event = (ObjectNode) readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("title", "&".repeat(200));

    JsonNode message = SlackPayloadAssertions.json(formatter.format(Finding.of(event.get("detail"))));

    String line = message.path("text").asText();
    assertThat(line).hasSizeLessThanOrEqualTo(400).contains("&amp;\u2026 \u2014 account ").doesNotContain("&amp;amp;");
    assertThat(line.replace("&amp;", "").replace("\u2026", "")).doesNotContain("&");
    assertValidAndSafe(message);
  }

  private static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aReNotificationSaysTheBandRoseAboveTheDescription() {
    Finding high = finding(Fixtures.event("finding-high"));
    JsonNode message = SlackPayloadAssertions.json(formatter.format(high, Optional.of(
        new PreviousNotification(Severity.MEDIUM, Instant.parse("2026-11-20T08:00:00Z")))));
    JsonNode blocks = message.at("/attachments/0/blocks");
    assertThat(blocks.get(2).at("/text/text").asText()).startsWith(
        ":arrow_double_up: *Re-notification*: severity band rose from MEDIUM to HIGH. Activity seen ");
    assertThat(blocks.get(3).at("/text/text").asText()).isEqualTo(high.description());
    assertValidAndSafe(message);
  }

  @Test
  void aReNotificationOfTheSameBandSaysItIsStillActive() {
    JsonNode message = SlackPayloadAssertions.json(formatter.format(finding(Fixtures.event("finding-high")), Optional.of(
        new PreviousNotification(Severity.HIGH, Instant.parse("2026-11-20T08:00:00Z")))));
    assertThat(texts(message)).anyMatch(t -> t.startsWith(
        ":repeat: *Re-notification*: still active; last notified 2026-11-20 08:00:00 UTC."));
  }

  /**
   * App mode's reply in a finding's thread says what changed since its message: the band's rise (with the rules'
   * mentions), severity and count before and after, when last seen; held to the strict checks, with a title that
   * tries to ping the channel.
   */
  @Test
  void theReplyInAFindingsThreadSaysWhatChanged() throws IOException {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ((ObjectNode) event.get("detail")).put("title", "<!channel> look *here*");
    Finding finding = Finding.of(event.get("detail"));
    PreviousNotification before = new PreviousNotification(Severity.MEDIUM, Instant.parse("2026-11-20T08:00:00Z"),
        Optional.empty(), 5.0, 1L);

    JsonNode rose = SlackPayloadAssertions.json(formatter.reply(finding, before, List.of(Mention.parse("here"))));
    assertValidAndSafe(rose, "<!here> ");
    assertThat(rose.path("text").asText()).startsWith("<!here> GuardDuty finding escalated to HIGH 8.0: ");
    assertThat(rose.at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(":arrow_double_up: *Severity band"
        + " rose* from MEDIUM to HIGH: severity 5.0 \u2192 8.0 \u00B7 count 1 \u2192 88 \u00B7 last seen"
        + " 2026-11-20 10:14:00 UTC.");

    JsonNode same = SlackPayloadAssertions.json(formatter.reply(finding, new PreviousNotification(Severity.HIGH,
        Instant.parse("2026-11-20T08:00:00Z"), Optional.empty(), 8.0, 88L), List.of()));
    assertValidAndSafe(same);
    assertThat(same.at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(":repeat: *Updated*: still active:"
        + " last seen 2026-11-20 10:14:00 UTC.");
  }

  private String rendered(String name) {
    Path file = Fixtures.TEST_FINDINGS.resolve(name + ".json");
    Path fixture = java.nio.file.Files.exists(file) ? file : Fixtures.FAMILIES.resolve(name + ".json");
    return SlackPayloadAssertions.json(formatter.format(finding(Fixtures.read(fixture)))).toString();
  }

  static Finding finding(String eventJson) {
    try {
      ObjectNode event = (ObjectNode) MAPPER.readTree(eventJson);
      return Finding.of(event.get("detail"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
