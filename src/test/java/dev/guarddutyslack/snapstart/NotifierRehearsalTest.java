package dev.guarddutyslack.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.core.Edges;
import dev.guarddutyslack.testing.FakeTicker;
import dev.guarddutyslack.testing.RecordingSlack;
import dev.guarddutyslack.wiring.NotifierApp;
import dev.guarddutyslack.wiring.TestWiring;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier's part of the checkpoint: its rehearsal runs production's notifier end to end against the loopback
 * Slack, unpaced, with nothing reaching the real webhooks or the log, and production's edges back afterwards.
 */
class NotifierRehearsalTest {
  @RegisterExtension
  final RecordingSlack slack = new RecordingSlack();

  private final List<String> out = new CopyOnWriteArrayList<>();
  private final FakeTicker ticker = new FakeTicker();

  /** Production's composition with its posts paced as production paces them, on time the test owns. */
  private NotifierApp app(Map<String, String> env) {
    return TestWiring.of(env).ticker(ticker).log(out::add).metrics(out::add).build();
  }

  @Test
  void eachRoundIsPostedToTheLoopbackSlackWithoutWaitingAndNothingElseHappens() {
    try (NotifierApp app = app(Map.of("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/production")))) {
      Edges production = app.notifier().edges();

      int received = app.lifecycle().checkpoint().rehearse();

      assertThat(received).as("the loopback Slack's posts").isEqualTo(NotifierRehearsal.ROUNDS);
      assertThat(ticker.sleeps()).as("no pacing between the rehearsal's posts").isEmpty();
      assertThat(slack.count()).as("production's Slack").isZero();
      assertThat(out).as("production's log and metrics").isEmpty();
      assertThat(app.notifier().edges()).as("production's edges are back").isSameAs(production);
    }
  }

  /** With rules, every destination they name is on loopback too; production's stay untouched. */
  @Test
  void withRulesEveryDestinationIsRehearsedOnLoopback() {
    try (NotifierApp app = app(Map.of("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/production"),
        "SLACK_WEBHOOK_URL_ONCALL", slack.url("/services/T0/B0/oncall"),
        "ROUTES", "[{\"name\":\"all\",\"to\":[\"ONCALL\"],\"mention\":\"here\",\"continue\":true}]"))) {
      assertThat(app.lifecycle().checkpoint().rehearse()).isEqualTo(NotifierRehearsal.ROUNDS);
      assertThat(slack.count()).isZero();
      assertThat(out).isEmpty();
    }
  }

  /** The whole hook: the checkpoint drops production's pooled connections after the rehearsal. */
  @Test
  void theCheckpointLeavesNoPooledConnectionAndWarnsOfNothing() {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    try (NotifierApp app = TestWiring.of(Map.of("SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/production")))
        .http(http).log(out::add).metrics(out::add).build()) {
      app.lifecycle().checkpoint().beforeSnapshot();

      assertThat(http.connectionPool().connectionCount()).isZero();
      assertThat(out).isEmpty();
    }
  }
}
