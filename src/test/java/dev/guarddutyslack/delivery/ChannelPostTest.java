package dev.guarddutyslack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.format.FindingFormatter;
import dev.guarddutyslack.format.Metadata;
import dev.guarddutyslack.guardduty.EventParser;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.ParsedEvent;
import dev.guarddutyslack.slack.MessageWriter;
import dev.guarddutyslack.testing.Fixtures;
import dev.guarddutyslack.testing.SlackWebApi;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.BotToken;
import dev.guarddutyslack.webhooks.Channel;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Posting to a channel through the Web API, against the strict double: the first message and its {@code ts}, and
 * each error Slack gives mapped to what the finding needs (a retry that waits for a person, or none).
 */
class ChannelPostTest {
  private static final String SECURITY = "C0SECURITY1";

  @RegisterExtension
  final SlackWebApi slack = new SlackWebApi(SECURITY, "C0ONCALL01").outside("C0OUTSIDE1").pace(Duration.ofMillis(300));

  private final MessageWriter writer = new MessageWriter(new JsonFactory());

  private Channel channel(String id, String token) {
    return Channel.of(id, BotToken.of(token), HttpUrl.get(slack.url()));
  }

  private static Finding finding() throws Exception {
    return ((ParsedEvent.FindingEvent) EventParser.parse(new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Fixtures.event("finding-high")))).finding();
  }

  private byte[] body(Channel channel) throws Exception {
    Finding finding = finding();
    return writer.write(new FindingFormatter(Map.of()).format(finding), channel.id(), Metadata.of(finding));
  }

  private static Deadline deadline() {
    return Deadline.after(Ticker.SYSTEM, Duration.ofSeconds(20), Duration.ZERO);
  }

  @Test
  void theFirstMessageIsPostedWithItsMetadataAndSlackNamesIt() throws Exception {
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ofMillis(300));
    Channel channel = channel(SECURITY, SlackWebApi.TOKEN);

    DeliveryOutcome delivery = client.post(channel, body(channel), deadline());

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.ACCEPTED);
    SlackWebApi.Message posted = slack.messages().get(0);
    assertThat(delivery.ts()).isEqualTo(posted.ts()).matches("\\d+\\.\\d{6}");
    assertThat(posted.channel()).isEqualTo(SECURITY);
    assertThat(posted.body().at("/metadata/event_type").asText()).isEqualTo("guardduty_finding");
    assertThat(posted.body().at("/metadata/event_payload/id").asText()).isEqualTo(finding().id());
    assertThat(posted.body().at("/metadata/event_payload/severity").asDouble()).isEqualTo(finding().severity());
    assertThat(posted.body().at("/attachments/0/blocks").size()).isGreaterThan(3);
    assertThat(delivery.toString() + channel).doesNotContain(SlackWebApi.TOKEN);
  }

  /** Three messages for one channel, one right after another: paced, so Slack never has to say "ratelimited". */
  @Test
  void postsToOneChannelArePacedToSlacksRate() throws Exception {
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ofMillis(300));
    Channel channel = channel(SECURITY, SlackWebApi.TOKEN);
    for (int i = 0; i < 3; i++) {
      assertThat(client.post(channel, body(channel), deadline()).delivered()).isTrue();
    }
    assertThat(slack.calls()).extracting(SlackWebApi.Call::status).containsExactly(200, 200, 200);
  }

  /** A client that does not pace (another copy of the function posted first): Slack's 429 is waited out. */
  @Test
  void ratelimitedIsWaitedOutAsSlackAsks() throws Exception {
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ZERO);
    Channel channel = channel(SECURITY, SlackWebApi.TOKEN);
    assertThat(client.post(channel, body(channel), deadline()).delivered()).isTrue();

    DeliveryOutcome second = client.post(channel, body(channel), deadline());

    assertThat(second.delivered()).isTrue();
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(slack.calls()).extracting(SlackWebApi.Call::error).containsExactly(null, "ratelimited", null);
  }

  /**
   * Each error a person must fix fails the message for a later retry (the finding waits in the queue, nothing is
   * lost) and says what to fix; a message Slack cannot take is refused for good.
   */
  @ParameterizedTest
  @CsvSource({
      "C0SECURITY1, xoxb-9999999999-8888888888-wrongtoken, invalid_auth, UNAVAILABLE, bot token",
      "C0NOSUCH01, " + SlackWebApi.TOKEN + ", channel_not_found, UNAVAILABLE, check the channel id",
      "C0OUTSIDE1, " + SlackWebApi.TOKEN + ", not_in_channel, UNAVAILABLE, invite it",
      "C0ONCALL01, " + SlackWebApi.TOKEN + ", is_archived, UNAVAILABLE, unarchive it"})
  void eachErrorIsMappedToWhatTheFindingNeeds(String id, String token, String error, DeliveryOutcome.Result result,
                                              String fix) throws Exception {
    slack.archive("C0ONCALL01");
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ofMillis(300));
    Channel channel = channel(id, token);

    DeliveryOutcome delivery = client.post(channel, body(channel), deadline());

    assertThat(delivery.result()).isEqualTo(result);
    assertThat(delivery.slackError()).isEqualTo(error);
    assertThat(delivery.retryable()).isTrue();
    assertThat(delivery.attempts()).as("not retried here: only a person can fix it").isEqualTo(1);
    assertThat(SlackClient.whatToFix(error)).get().asString().contains(fix);
  }

  @Test
  void aRevokedTokenWaitsForANewOne() throws Exception {
    slack.revokeToken();
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ofMillis(300));
    Channel channel = channel(SECURITY, SlackWebApi.TOKEN);

    DeliveryOutcome delivery = client.post(channel, body(channel), deadline());

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.UNAVAILABLE);
    assertThat(delivery.slackError()).isEqualTo("token_revoked");
  }

  @Test
  void aMessageSlackCannotTakeIsRefusedForGood() throws Exception {
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ofMillis(300));
    Channel channel = channel(SECURITY, SlackWebApi.TOKEN);
    byte[] noBlocks = ("{\"channel\":\"" + SECURITY + "\",\"text\":\"<!channel> hello\"}").getBytes(
        java.nio.charset.StandardCharsets.UTF_8);

    DeliveryOutcome delivery = client.post(channel, noBlocks, deadline());

    assertThat(delivery.result()).isEqualTo(DeliveryOutcome.Result.REJECTED);
    assertThat(delivery.slackError()).isEqualTo("invalid_blocks");
  }

  /**
   * An edit is not a post: it does not wait for the channel's second (Slack's message a second per channel is for
   * posting), so an edit goes out at once after a post; posts keep their pace (the tests above).
   */
  @Test
  void anEditDoesNotWaitForTheChannelsPostingPace() throws Exception {
    dev.guarddutyslack.testing.FakeTicker ticker = new dev.guarddutyslack.testing.FakeTicker();
    SlackClient client = new SlackClient(SlackClient.newHttpClient(), ticker, Duration.ofSeconds(1));
    Channel channel = channel(SECURITY, SlackWebApi.TOKEN);
    Deadline deadline = Deadline.after(ticker, Duration.ofSeconds(20), Duration.ZERO);
    DeliveryOutcome posted = client.post(channel, body(channel), deadline);

    byte[] edit = new String(body(channel), java.nio.charset.StandardCharsets.UTF_8)
        .replaceFirst("^\\{", "{\"ts\":\"" + posted.ts() + "\",").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    DeliveryOutcome edited = client.call(channel, "chat.update", edit, deadline);

    assertThat(edited.delivered()).isTrue();
    assertThat(ticker.sleeps()).as("no wait before the edit").allMatch(Duration::isZero);
    assertThat(slack.edits()).hasSize(1);
  }

  /**
   * A post must come back named (its {@code ts} is what later edits and replies use); an edit names its message
   * itself, so its answer need not.
   */
  @Test
  void aPostMustComeBackNamedAnEditNeedNot() throws Exception {
    try (mockwebserver3.MockWebServer bare = new mockwebserver3.MockWebServer()) {
      bare.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
          return new mockwebserver3.MockResponse.Builder().code(200).body("{\"ok\":true}").build();
        }
      });
      bare.start();
      SlackClient client = new SlackClient(SlackClient.newHttpClient(), Ticker.SYSTEM, Duration.ZERO);
      Channel channel = Channel.of(SECURITY, BotToken.of(SlackWebApi.TOKEN), bare.url("/api/"));

      DeliveryOutcome posted = client.post(channel, body(channel), deadline());
      DeliveryOutcome edited = client.call(channel, "chat.update", body(channel), deadline());

      assertThat(posted.delivered()).isFalse();
      assertThat(posted.slackError()).isEqualTo("unreadable_answer");
      assertThat(edited.delivered()).isTrue();
    }
  }
}
