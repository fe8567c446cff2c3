package dev.guarddutyslack.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.testing.Fixtures;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules: how they are read (every mistake named by rule and field) and how they route a finding. */
class RoutesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> NAMES = Map.of("111122223333", "production", "222233334444", "sandbox",
      "444455556666", "staging");
  private static final LocalDate TODAY = LocalDate.parse("2026-11-29");
  /** The example, as a user would write it. */
  static final String EXAMPLE = """
      [
        {"name": "sandbox recon", "match": {"account": ["sandbox"], "type": ["Recon:*"]},
         "mute": "expected scanning in the sandbox", "until": "2027-01-31"},
        {"name": "payments", "match": {"tag": {"team": "payments"}}, "to": ["PAYMENTS"], "continue": true},
        {"name": "on-call", "match": {"band": ["CRITICAL"]}, "to": ["ONCALL", "CRITICAL"], "mention": "here"},
        {"name": "staging", "match": {"account": ["444455556666"], "band": ["LOW", "MEDIUM"]}, "to": ["STAGING"]}
      ]""";

  private static Routes routes(String json) {
    return Routes.parse(json, "ROUTES", NAMES);
  }

  /** The high fixture (an EC2 instance tagged team=payments) with some fields changed. */
  private static Finding finding(String account, String type, double severity, String team) throws Exception {
    ObjectNode event = (ObjectNode) MAPPER.readTree(Fixtures.event("finding-high"));
    ObjectNode detail = (ObjectNode) event.get("detail");
    detail.put("accountId", account).put("type", type).put("severity", severity);
    ObjectNode tag = (ObjectNode) detail.at("/resource/instanceDetails/tags/1");
    tag.put("value", team);
    return Finding.of(detail);
  }

  private static Routing route(Routes routes, Finding finding) {
    return routes.route(finding, finding.band().orElseThrow(), TODAY);
  }

  private static List<String> destinations(Routing routing) {
    return routing.targets().stream().map(Routing.Target::destination).toList();
  }

  @Test
  void theExampleRoutesAsItSays() throws Exception {
    Routes routes = routes(EXAMPLE);

    Routing sandboxRecon = route(routes, finding("222233334444", "Recon:EC2/PortProbeUnprotectedPort", 5, "web"));
    assertThat(sandboxRecon.mutedBy()).map(Route::name).contains("sandbox recon");
    assertThat(sandboxRecon.describe(Optional.of("MEDIUM")))
        .isEqualTo("muted by rule 'sandbox recon' until 2027-01-31: expected scanning in the sandbox");

    Routing payments = route(routes, finding("111122223333", "Trojan:EC2/DNSDataExfiltration", 8, "payments"));
    assertThat(destinations(payments)).containsExactly("PAYMENTS");
    assertThat(payments.byBand()).as("continue: no later rule decided, so the band too").isTrue();
    assertThat(payments.ruleNames()).contains("payments");
    assertThat(payments.describe(Optional.of("HIGH"))).isEqualTo("routed by rule 'payments' to PAYMENTS, and by band to HIGH");

    Routing paymentsCritical = route(routes, finding("111122223333", "AttackSequence:S3/CompromisedData", 9.2,
        "payments"));
    assertThat(destinations(paymentsCritical)).containsExactly("PAYMENTS", "ONCALL", "CRITICAL");
    assertThat(paymentsCritical.byBand()).isFalse();
    assertThat(paymentsCritical.targets().get(0).mentions()).isEmpty();
    assertThat(paymentsCritical.targets().get(1).mentions()).extracting(Object::toString).containsExactly("here");
    assertThat(paymentsCritical.ruleNames()).contains("payments, on-call");

    Routing staging = route(routes, finding("444455556666", "Discovery:IAMUser/AnomalousBehavior", 5, "web"));
    assertThat(destinations(staging)).containsExactly("STAGING");
    assertThat(staging.byBand()).isFalse();

    Routing stagingHigh = route(routes, finding("444455556666", "Discovery:IAMUser/AnomalousBehavior", 7.5, "web"));
    assertThat(stagingHigh.matched()).isEmpty();
    assertThat(stagingHigh.byBand()).isTrue();
    assertThat(stagingHigh.describe(Optional.of("HIGH"))).isEqualTo("no rule matched: routed by band to HIGH");
  }

  @Test
  void noRulesIsTheBandAsAlways() throws Exception {
    for (String none : new String[] {null, "", "  ", "[]"}) {
      Routes routes = routes(none);
      assertThat(route(routes, finding("111122223333", "Recon:EC2/Portscan", 5, "payments")))
          .isEqualTo(Routing.BY_BAND);
    }
  }

  @Test
  void aMuteEndsTheRoutingEvenAfterAContinue() throws Exception {
    Routes routes = routes("""
        [{"name":"all to audit","to":["AUDIT"],"continue":true},
         {"name":"quiet","match":{"type":"Recon:*"},"mute":"noise"}]""");

    Routing routing = route(routes, finding("111122223333", "Recon:EC2/Portscan", 5, "x"));

    assertThat(routing.mutedBy()).map(Route::name).contains("quiet");
    assertThat(routing.targets()).isEmpty();
  }

  /**
   * Tags are written by whoever controls the attacked account: someone tags a production instance
   * env=sandbox-1, and the sandbox mute must not silence the CRITICAL finding on it. A mute applies to CRITICAL
   * only when its match names that band, or a severity range reaching 9.0. Routing rules are unaffected.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a tag | {\"tag\":{\"team\":\"sandbox*\"}} | false",
      "a type and an account | {\"type\":\"Recon:*\",\"account\":\"111122223333\"} | false",
      "every finding | {} | false",
      "a range below 9 | {\"maxSeverity\":8.9} | false",
      "the CRITICAL band | {\"band\":[\"HIGH\",\"CRITICAL\"],\"tag\":{\"team\":\"sandbox*\"}} | true",
      "a range reaching 9 | {\"minSeverity\":7,\"tag\":{\"team\":\"sandbox*\"}} | true"})
  void aMuteSilencesACriticalFindingOnlyWhenItNamesThatBand(String what, String match, boolean mutes)
      throws Exception {
    Routes routes = routes("[{\"name\":\"sandbox\",\"match\":" + match + ",\"mute\":\"sandbox noise\"},"
        + "{\"name\":\"sandbox channel\",\"match\":{\"tag\":{\"team\":\"sandbox*\"}},\"to\":[\"SANDBOX\"]}]");
    Finding critical = finding("111122223333", "Recon:EC2/Portscan", 9.5, "sandbox-1");
    Finding high = finding("111122223333", "Recon:EC2/Portscan", 8.5, "sandbox-1");

    assertThat(route(routes, critical).mutedBy().isPresent()).as(what).isEqualTo(mutes);
    if (!mutes) {
      assertThat(destinations(route(routes, critical))).as("the routing rule still applies").containsExactly("SANDBOX");
    }
    assertThat(route(routes, high).mutedBy()).as("below CRITICAL the mute applies as it says").isPresent();
  }

  @Test
  void aRulePastItsUntilNoLongerAppliesAndIsReportedOnce() throws Exception {
    Routes routes = routes("""
        [{"name":"old mute","match":{"type":"Recon:*"},"mute":"noise","until":"2026-11-28"},
         {"name":"today's mute","match":{"type":"Recon:*"},"mute":"noise","until":"2026-11-29"}]""");
    Finding recon = finding("111122223333", "Recon:EC2/Portscan", 5, "x");

    assertThat(route(routes, recon).mutedBy()).map(Route::name).as("until is the last day it applies")
        .contains("today's mute");
    assertThat(routes.route(recon, Severity.MEDIUM, TODAY.plusDays(1)).mutedBy()).isEmpty();
    assertThat(routes.newlyExpired(TODAY)).extracting(Route::name).containsExactly("old mute");
    assertThat(routes.newlyExpired(TODAY)).as("once").isEmpty();
    assertThat(routes.newlyExpired(TODAY.plusDays(1))).extracting(Route::name).containsExactly("today's mute");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"region\":[\"eu-west-1\"]}|true",
      "{\"region\":\"us-east-1\"}|false",
      "{\"account\":[\"production\"]}|true",
      "{\"account\":[\"PRODUCTION\"]}|true",
      "{\"account\":[\"111122223333\",\"sandbox\"]}|true",
      "{\"account\":[\"sandbox\"]}|false",
      "{\"type\":[\"Backdoor:*\",\"Trojan:EC2/*\"]}|true",
      "{\"resourceType\":[\"instance\"]}|true",
      "{\"resourceType\":[\"S3Bucket\"]}|false",
      "{\"tag\":{\"team\":\"pay*\"}}|true",
      "{\"tag\":{\"team\":\"payments\",\"Name\":\"web-*\"}}|true",
      "{\"tag\":{\"team\":\"payments\",\"Name\":\"db-*\"}}|false",
      "{\"tag\":{\"owner\":\"*\"}}|false",
      "{\"band\":[\"HIGH\"]}|true",
      "{\"band\":[\"LOW\",\"MEDIUM\"]}|false",
      "{\"minSeverity\":8}|true",
      "{\"minSeverity\":8.1}|false",
      "{\"maxSeverity\":8}|true",
      "{\"minSeverity\":2,\"maxSeverity\":7.9}|false",
      "{\"sample\":false}|true",
      "{\"sample\":true}|false",
      "{\"region\":\"eu-west-1\",\"band\":[\"LOW\"]}|false",
      "{}|true"})
  void eachMatchFieldMustHold(String match, boolean matches) throws Exception {
    Routes routes = routes("[{\"name\":\"r\",\"match\":" + match + ",\"to\":[\"X\"]}]");

    Routing routing = route(routes, finding("111122223333", "Trojan:EC2/DNSDataExfiltration", 8, "payments"));

    assertThat(!routing.matched().isEmpty()).isEqualTo(matches);
  }

  @Test
  void mentionsAreOnlyTheOperatorsAndRenderAsSlackSyntax() throws Exception {
    Routes routes = routes("""
        [{"name":"a","to":["A"],"mention":"subteam:S0123ABCD","continue":true},
         {"name":"b","to":["A","B"],"mention":"user:U024BE7LH"}]""");

    Routing routing = route(routes, finding("111122223333", "Trojan:EC2/DNSDataExfiltration", 8, "x"));

    assertThat(routing.targets().get(0).mentions()).extracting(m -> m.mrkdwn().toString())
        .containsExactly("<!subteam^S0123ABCD>", "<@U024BE7LH>");
    assertThat(routing.targets().get(1).mentions()).extracting(m -> m.mrkdwn().toString())
        .containsExactly("<@U024BE7LH>");
  }

  @Test
  void destinationFieldsNameTheFirstRuleThatSendsThere() {
    Routes routes = routes(EXAMPLE);

    assertThat(routes.destinationFields("ROUTES")).containsExactly(Map.entry("PAYMENTS", "ROUTES[1].to"),
        Map.entry("ONCALL", "ROUTES[2].to"), Map.entry("CRITICAL", "ROUTES[2].to"),
        Map.entry("STAGING", "ROUTES[3].to"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{\"name\":\"x\"}|ROUTES: must be a JSON array of rules, [] for none",
      "[{\"name\":\"x\",\"to\":[\"A\"]},]|ROUTES: not JSON (line 1, column 26)",
      "[\"x\"]|ROUTES[0]: must be an object with name, match, and to or mute",
      "[{\"to\":[\"A\"]}]|ROUTES[0].name: is required: the log names the rule",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"colour\":\"red\"}]|ROUTES[0].colour: unknown field; a rule has name, match, to, mute, until, mention and continue",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"acount\":[\"1\"]}}]|ROUTES[0].match.acount: unknown field; match has account, region, type, resourceType, tag, band, minSeverity, maxSeverity, sample and partOfSequence",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"mute\":\"y\"}]|ROUTES[0]: has both to and mute: a rule either sends or mutes",
      "[{\"name\":\"x\",\"match\":{}}]|ROUTES[0]: needs to (destinations) or mute (the reason)",
      "[{\"name\":\"x\",\"to\":[]}]|ROUTES[0].to: is empty: a list means any of its entries, so an empty one matches nothing",
      "[{\"name\":\"x\",\"to\":[\"oncall\"]}]|ROUTES[0].to: \"oncall\" is not a destination name: upper-case letters, digits and _, at most 40, as in SLACK_WEBHOOK_URL_<NAME> or the webhooks secret's keys",
      "[{\"name\":\"x\",\"to\":[\"A\",\"A\"]}]|ROUTES[0].to: A is listed twice",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"type\":[\"Recon:?\"]}}]|ROUTES[0].match.type: \"Recon:?\" uses one of ? [ ] { } \\: only * is special, matching any run of characters",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"until\":\"31/01/2027\"}]|ROUTES[0].until: \"31/01/2027\" is not a date: until takes the last day the rule applies, in UTC, as YYYY-MM-DD (such as 2027-01-31), without a time of day",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"until\":\"2027-02-30\"}]|ROUTES[0].until: \"2027-02-30\" is not a date: until takes the last day the rule applies, in UTC, as YYYY-MM-DD (such as 2027-01-31), without a time of day",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"mention\":\"everyone\"}]|ROUTES[0].mention: must be here, channel, subteam:S… or user:U… (a Slack id in upper-case letters and digits)",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"mention\":\"user:<!channel>\"}]|ROUTES[0].mention: must be here, channel, subteam:S… or user:U… (a Slack id in upper-case letters and digits)",
      "[{\"name\":\"x\",\"mute\":\"y\",\"mention\":\"here\"}]|ROUTES[0].mention: a muted finding is posted nowhere, so it mentions no one",
      "[{\"name\":\"x\",\"mute\":\"y\",\"continue\":true}]|ROUTES[0].continue: a mute rule ends the routing; continue is for rules with to",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"account\":[\"prod\"]}}]|ROUTES[0].match.account: \"prod\" is neither a 12-digit account id nor a name in ACCOUNT_NAMES",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"band\":[\"SEVERE\"]}}]|ROUTES[0].match.band: \"SEVERE\" is not a band: LOW, MEDIUM, HIGH or CRITICAL",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"minSeverity\":\"7\"}}]|ROUTES[0].match.minSeverity: must be a number from 0 to 10",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"minSeverity\":8,\"maxSeverity\":7}}]|ROUTES[0].match.minSeverity: is above maxSeverity: no finding could match",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"sample\":\"yes\"}}]|ROUTES[0].match.sample: must be true or false",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"partOfSequence\":1}}]|ROUTES[0].match.partOfSequence: must be true or false",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"region\":[\"Ireland\"]}}]|ROUTES[0].match.region: \"Ireland\" is not a region name such as eu-west-1",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"match\":{\"tag\":{\"team\":7}}}]|ROUTES[0].match.tag.team: must be a value pattern (text)",
      "[{\"name\":\"x\",\"to\":[\"A\"],\"continue\":\"yes\"}]|ROUTES[0].continue: must be true or false",
      "[{\"name\":\"x\",\"to\":[\"A\"]},{\"name\":\"x\",\"to\":[\"B\"]}]|ROUTES[1].name: 'x' names an earlier rule too; each rule's name is what the log calls it"})
  void eachMistakeIsNamedByRuleAndField(String json, String message) {
    assertThatThrownBy(() -> routes(json)).isInstanceOf(RoutesException.class).hasMessage(message);
  }

  /** One start names every rule to fix: each rule's first mistake, in order, and the rules that are fine none. */
  @Test
  void everyRulesFirstMistakeIsNamed() {
    assertThatThrownBy(() -> routes("""
        [{"name":"a","to":["a"],"until":"soon"},
         {"name":"fine","to":["B"]},
         {"name":"c","mute":"noise","until":"2027-01-31T10:00"},
         {"name":"fine","to":["C"]}]"""))
        .isInstanceOfSatisfying(RoutesException.class, e -> assertThat(e.mistakes()).extracting(m -> m.split(":")[0])
            .containsExactly("ROUTES[0].to", "ROUTES[2].until", "ROUTES[3].name"));
  }
}
