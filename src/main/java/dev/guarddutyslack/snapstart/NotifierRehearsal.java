package dev.guarddutyslack.snapstart;

import com.fasterxml.jackson.core.JsonFactory;
import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.core.Edges;
import dev.guarddutyslack.core.Notifier;
import dev.guarddutyslack.dedup.DynamoDbGate;
import dev.guarddutyslack.delivery.SlackClient;
import dev.guarddutyslack.invocation.Invocation;
import dev.guarddutyslack.invocation.Invocations;
import dev.guarddutyslack.json.JsonWriting;
import dev.guarddutyslack.observability.Journal;
import dev.guarddutyslack.outcome.Decision;
import dev.guarddutyslack.outcome.Outcome;
import dev.guarddutyslack.routing.Routes;
import dev.guarddutyslack.time.Deadline;
import dev.guarddutyslack.time.Ticker;
import dev.guarddutyslack.webhooks.SecretsWebhookSource;
import dev.guarddutyslack.webhooks.WebhookSource;
import dev.guarddutyslack.webhooks.Webhooks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The notifier's part of the checkpoint. The rehearsal: one SQS batch of one finding, {@link #ROUNDS} times, read,
 * decided, routed, formatted, serialised, posted and answered by the very notifier production built, with its
 * edges swapped for the rehearsal's: every destination's webhook on the loopback Slack, a gate that keeps nothing,
 * the storm guard off, a poster on production's HTTP client that does not pace, buttons signed with a key of the
 * rehearsal's own, and a journal whose lines go nowhere (its code runs, so that it is warm too). Then the AWS
 * requests that read no secret and write nothing ({@code DescribeSecret}, a conditional write that cannot
 * succeed); then credentials, pooled connections, the webhooks and the button key are forgotten.
 */
public final class NotifierRehearsal implements Checkpoint.Rehearsal {
  public static final int ROUNDS = 20;
  /** The key the rehearsal's buttons are signed with; its clicks are never acted on. */
  public static final ButtonKeys KEY = ButtonKeys.of("0123456789abcdef0123456789abcdef");
  /** The time the rehearsal's invocation and each AWS priming request may take. */
  static final Duration CALL_TIME = Duration.ofSeconds(5);
  private static final String EVENT = "/priming-event.json";

  private final JsonFactory json;
  private final Notifier notifier;
  private final Function<WebhookSource, Edges> rehearsalEdges;
  private final Production production;

  /**
   * What of production the checkpoint primes and forgets: the journal that reports a store set up wrong, the
   * client whose pooled connections are dropped, the credentials, the webhooks' secret, the table, the button key.
   */
  public record Production(Journal journal, SlackClient client, Optional<AwsCredentials> credentials,
                           Optional<SecretsWebhookSource> secrets, Optional<DynamoDbGate> table, ButtonKeys buttons) {}

  /**
   * @param rehearsalEdges the rehearsal's edges, around the webhooks it is given (the loopback Slack's)
   */
  public NotifierRehearsal(JsonFactory json, Notifier notifier, Function<WebhookSource, Edges> rehearsalEdges,
                           Production production) {
    this.json = json;
    this.notifier = notifier;
    this.rehearsalEdges = rehearsalEdges;
    this.production = production;
  }

  @Override
  public String path() {
    return "the invocation path";
  }

  @Override
  public int rehearse(LoopbackSlack slack) {
    byte[] event = resource(EVENT);
    // Every destination the rules name is on loopback too, so that routing and each destination's post are warm.
    Map<String, String> urls = new HashMap<>();
    urls.put(Webhooks.DEFAULT_KEY, slack.url("/services/rehearsal"));
    notifier.routes().destinationFields(Routes.VARIABLE).keySet()
        .forEach(name -> urls.put(name, slack.url("/services/rehearsal")));
    Webhooks webhooks = Webhooks.of(urls, urls.keySet(), key -> "rehearsal");
    Notifier rehearsing = notifier.with(rehearsalEdges.apply(() -> webhooks));
    int expected = 0;
    for (int i = 0; i < ROUNDS; i++) {
      expected += round(rehearsing, event);
    }
    return expected;
  }

  /** @return how many messages the round posted (one, or more where the rules send the finding) */
  private int round(Notifier rehearsing, byte[] event) {
    try {
      Invocation invocation = Invocations.read(json, new ByteArrayInputStream(sqsBatch(event)));
      List<Outcome> outcomes = rehearsing.process(invocation.inputs(),
          Deadline.after(Ticker.SYSTEM, CALL_TIME, Duration.ZERO));
      invocation.answer(outcomes, json, OutputStream.nullOutputStream());
      return Math.max(1, (int) outcomes.stream().filter(o -> o.decision() == Decision.POSTED).count());
    } catch (IOException e) {
      throw new UncheckedIOException("the rehearsal failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the rehearsal was interrupted", e);
    }
  }

  /** The AWS requests that change nothing; a secret or table set up wrong is reported now. */
  @Override
  public void primeAws() {
    production.secrets().flatMap(SecretsWebhookSource::prime).ifPresent(e -> report(e.getMessage(), e.misconfigured()));
    production.table().flatMap(t -> t.prime(CALL_TIME)).ifPresent(e -> report(e.getMessage(), e.misconfigured()));
  }

  @Override
  public void forget() {
    production.credentials().ifPresent(AwsCredentials::forget);
    production.client().evictConnections();
    notifier.edges().webhooks().forget();
    production.buttons().forget();
  }

  private void report(String message, boolean misconfigured) {
    if (misconfigured) {
      production.journal().problem(message + "; findings will be retried until it is fixed");
    } else {
      production.journal().warn("SnapStart priming: " + message + "; restores will be slower");
    }
  }

  /** An SQS batch of one record whose body is {@code event}, as Lambda's SQS event source sends it. */
  private byte[] sqsBatch(byte[] event) {
    return JsonWriting.bytes(json, g -> {
      g.writeArrayFieldStart("Records");
      g.writeStartObject();
      g.writeStringField("messageId", "rehearsal");
      g.writeStringField("body", new String(event, StandardCharsets.UTF_8));
      g.writeEndObject();
      g.writeEndArray();
    });
  }

  private static byte[] resource(String name) {
    try (InputStream in = NotifierRehearsal.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the package");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
