package dev.guarddutyslack.dedup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One message per finding that matters. GuardDuty re-publishes a finding each time it recurs, SQS and
 * EventBridge deliver at least once, and a finding can arrive through several paths; a conditional write
 * per finding (account, region, id) decides which copy is posted.
 *
 * <p>A claim is taken before posting and confirmed after; a failed post releases it so that the retry can
 * post. A claim is a lease: it lasts the claiming invocation's remaining time plus {@link #LEASE_MARGIN}, so
 * it outlives the invocation whatever the function timeout, and lapses long before the queue shows the
 * record again (the visibility timeout is six function timeouts). While a claim is held, another copy of the
 * finding is {@link Claim.Busy busy}: retried later, never acknowledged, so that an escalation arriving
 * during someone else's post is not lost.
 *
 * <p>Re-notification: a later update of the finding ({@code updatedAt}) is posted again when its band rises,
 * and otherwise at most once per {@code RENOTIFY_AFTER} (never, when that is {@code NEVER}). An update older
 * than the one notified is never posted and never rolls the record back.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html">Condition expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html">UpdateItem</a>
 */
public final class DynamoDbGate implements NotificationGate {
  /** How long a claim outlives the invocation's remaining time: clock skew and the report after delivery. */
  public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
  /** How long a notified finding is remembered after its last notification (the table's TTL). */
  public static final Duration RETENTION = Duration.ofDays(90);
  public static final String KEY = "pk";
  public static final String TTL_ATTRIBUTE = "expiresAt";
  /** The item the priming request names; it is never written. */
  static final String PRIMING_KEY = "guardduty-slack#priming";
  private static final String CLAIMED = "claimed";
  private static final String NOTIFIED = "notified";
  private static final String UNANSWERED = "unanswered";
  private static final String CONDITION_FAILED = "ConditionalCheckFailedException";
  /** Error codes that mean the table or the function's access to it is set up wrong: no retry fixes them. */
  private static final java.util.Set<String> MISCONFIGURED = java.util.Set.of("ResourceNotFoundException",
      "AccessDeniedException", "UnrecognizedClientException", "ValidationException");

  private final String table;
  private final AwsJsonClient dynamoDb;
  private final JsonFactory json;
  private final Optional<Duration> renotifyAfter;
  private final Clock clock;

  public DynamoDbGate(String table, AwsJsonClient dynamoDb, JsonFactory json, Optional<Duration> renotifyAfter,
                      Clock clock) {
    this.table = table;
    this.dynamoDb = dynamoDb;
    this.json = json;
    this.renotifyAfter = renotifyAfter;
    this.clock = clock;
  }

  @Override
  public Claim claim(Finding finding, Severity band, Duration timeLeft) {
    if (finding.id() == null || finding.id().isBlank()) {
      return Claim.Granted.first(null);
    }
    long now = clock.millis();
    String claimId = UUID.randomUUID().toString();
    long updatedAtMs = Timestamps.parse(finding.updatedAt()).map(Instant::toEpochMilli).orElse(now);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(":claimed", CLAIMED);
    values.put(":now", now);
    values.put(":lease", now + timeLeft.plus(LEASE_MARGIN).toMillis());
    values.put(":rank", (long) band.ordinal());
    values.put(":claimId", claimId);
    values.put(":updatedAtMs", updatedAtMs);
    values.put(":expires", (now + RETENTION.toMillis()) / 1000);
    // Not held by a live claim, and never notified or due again: a newer update whose band rose, or that
    // comes after the re-notification window.
    String due = "bandRank < :rank";
    if (renotifyAfter.isPresent()) {
      values.put(":renotifyBefore", now - renotifyAfter.get().toMillis());
      due = "(" + due + " OR notifiedAt <= :renotifyBefore)";
    }
    String condition = "(attribute_not_exists(leaseUntil) OR leaseUntil < :now)"
        + " AND (attribute_not_exists(notifiedAt) OR (updatedAtMs < :updatedAtMs AND " + due + "))";
    String key = key(finding);
    try {
      JsonNode response = dynamoDb.call("UpdateItem", request(key,
          "SET #st = :claimed, claimId = :claimId, leaseUntil = :lease, "
              + TTL_ATTRIBUTE + " = if_not_exists(" + TTL_ATTRIBUTE + ", :expires)",
          condition, values, "ALL_OLD"), timeLeft);
      JsonNode old = response.path("Attributes");
      Optional<Previous> previous = previous(old);
      Long unansweredFor = number(old, "unansweredUpdatedAtMs");
      Long unanswered = number(old, UNANSWERED);
      int copies = unansweredFor != null && unansweredFor == updatedAtMs && unanswered != null
          ? (int) Math.min(unanswered, Integer.MAX_VALUE) : 0;
      ClaimToken token = new ClaimToken(key, claimId, band, updatedAtMs, finding.count(), previous.isPresent());
      return new Claim.Granted(previous, token, copies);
    } catch (AwsException e) {
      if (!CONDITION_FAILED.equals(e.code())) {
        throw unavailable(e);
      }
      return refusal(e.body() == null ? null : e.body().path("Item"), now, updatedAtMs);
    }
  }

  /** What the table's error means for the operator: its name, DynamoDB's code, and whether it is set up wrong. */
  private UnavailableException unavailable(AwsException e) {
    return new UnavailableException("DynamoDB table " + table + ": " + e.getMessage(), MISCONFIGURED.contains(e.code()), e);
  }

  private static Optional<Previous> previous(JsonNode item) {
    Long notifiedAt = number(item, "notifiedAt");
    Long rank = number(item, "bandRank");
    if (notifiedAt == null || rank == null || rank < 0 || rank >= Severity.values().length) {
      return Optional.empty();
    }
    return Optional.of(new Previous(Severity.values()[rank.intValue()], Instant.ofEpochMilli(notifiedAt)));
  }

  private Claim refusal(JsonNode current, long now, long updatedAtMs) {
    Long lease = number(current, "leaseUntil");
    if (lease != null && lease >= now) {
      return new Claim.Busy("being notified by another invocation; retried later");
    }
    Long notifiedAt = number(current, "notifiedAt");
    String when = notifiedAt == null ? "" : " at " + Timestamps.display(Instant.ofEpochMilli(notifiedAt));
    Long recorded = number(current, "updatedAtMs");
    if (recorded != null && recorded > updatedAtMs) {
      return new Claim.Refused("stale: an older update than the one notified" + when);
    }
    if (renotifyAfter.isEmpty()) {
      return new Claim.Refused("duplicate: already notified" + when + "; re-notification only when the band rises");
    }
    return new Claim.Refused("duplicate: already notified" + when + "; re-notified when the band rises or after "
        + renotifyAfter.get() + " with an update");
  }

  @Override
  public void confirm(Claim.Granted claim, Duration timeLeft) {
    ClaimToken token = claim.token();
    if (token == null) {
      return;
    }
    long now = clock.millis();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(":notified", NOTIFIED);
    values.put(":band", token.band().name());
    values.put(":rank", (long) token.band().ordinal());
    values.put(":now", now);
    values.put(":updatedAtMs", token.updatedAtMs());
    values.put(":expires", (now + RETENTION.toMillis()) / 1000);
    values.put(":claimId", token.claimId());
    String count = "";
    if (token.count() != null) {
      values.put(":count", token.count());
      count = ", findingCount = :count";
    }
    try {
      dynamoDb.call("UpdateItem", request(token.key(), "SET #st = :notified, band = :band, bandRank = :rank, "
          + "notifiedAt = :now, updatedAtMs = :updatedAtMs, firstNotifiedAt = if_not_exists(firstNotifiedAt, :now), "
          + TTL_ATTRIBUTE + " = :expires" + count + " REMOVE claimId, leaseUntil, " + UNANSWERED
          + ", unansweredUpdatedAtMs", "claimId = :claimId", values, null), timeLeft);
    } catch (AwsException e) {
      throw unavailable(e);
    }
  }

  /**
   * Gives the claim up and counts one more copy of this update sent without an answer, so that the retry
   * knows how many went out. The claim holder alone may write the count.
   */
  @Override
  public void unanswered(Claim.Granted claim, Duration timeLeft) {
    ClaimToken token = claim.token();
    if (token == null) {
      return;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(":unanswered", UNANSWERED);
    values.put(":copies", (long) claim.unanswered() + 1);
    values.put(":updatedAtMs", token.updatedAtMs());
    values.put(":claimId", token.claimId());
    try {
      dynamoDb.call("UpdateItem", request(token.key(), "SET #st = :unanswered, " + UNANSWERED + " = :copies, "
          + "unansweredUpdatedAtMs = :updatedAtMs REMOVE claimId, leaseUntil", "claimId = :claimId", values, null),
          timeLeft);
    } catch (AwsException e) {
      if (!CONDITION_FAILED.equals(e.code())) {
        throw unavailable(e);
      }
    }
  }

  @Override
  public void release(Claim.Granted claim, Duration timeLeft) {
    ClaimToken token = claim.token();
    if (token == null) {
      return;
    }
    try {
      if (token.previouslyNotified() || claim.unanswered() > 0) {
        // What the item remembers (an earlier message, copies Slack did not answer) stays; only the claim goes.
        String status = token.previouslyNotified() ? NOTIFIED : UNANSWERED;
        dynamoDb.call("UpdateItem", request(token.key(), "SET #st = :status REMOVE claimId, leaseUntil",
            "claimId = :claimId", Map.of(":status", status, ":claimId", token.claimId()), null), timeLeft);
      } else {
        dynamoDb.call("DeleteItem", request(token.key(), null, "claimId = :claimId",
            Map.of(":claimId", token.claimId()), null), timeLeft);
      }
    } catch (AwsException e) {
      if (!CONDITION_FAILED.equals(e.code())) {
        throw unavailable(e);
      }
      // The claim had lapsed and another invocation holds the finding now: nothing of ours to undo.
    }
  }

  /**
   * A request whose condition can never hold, on an item that is never written: it goes through signing,
   * the table's endpoint and DynamoDB's answer to a failed condition, and changes nothing. Needs no other
   * permission than claims do.
   *
   * @return empty when DynamoDB answered as expected; otherwise what it said, naming the table
   */
  public Optional<UnavailableException> prime(Duration timeLeft) {
    try {
      dynamoDb.call("UpdateItem", request(PRIMING_KEY, "REMOVE primed",
          "attribute_exists(" + KEY + ") AND attribute_not_exists(" + KEY + ")", Map.of(), null), timeLeft);
      return Optional.of(new UnavailableException("DynamoDB table " + table + ": the priming request succeeded,"
          + " which a DynamoDB table never lets it", true, null));
    } catch (AwsException e) {
      return CONDITION_FAILED.equals(e.code()) ? Optional.empty() : Optional.of(unavailable(e));
    }
  }

  /** UpdateItem (with an update expression) or DeleteItem (without one) on one key. */
  private byte[] request(String key, String update, String condition, Map<String, Object> values,
                         String returnValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("TableName", table);
      g.writeObjectFieldStart("Key");
      attribute(g, KEY, key);
      g.writeEndObject();
      if (update != null) {
        g.writeStringField("UpdateExpression", update);
        if (update.contains("#st")) {
          g.writeObjectFieldStart("ExpressionAttributeNames");
          g.writeStringField("#st", "status");
          g.writeEndObject();
        }
      }
      g.writeStringField("ConditionExpression", condition);
      if (!values.isEmpty()) {
        g.writeObjectFieldStart("ExpressionAttributeValues");
        for (Map.Entry<String, Object> value : values.entrySet()) {
          attribute(g, value.getKey(), value.getValue());
        }
        g.writeEndObject();
      }
      if (returnValues != null) {
        g.writeStringField("ReturnValues", returnValues);
      }
      g.writeStringField("ReturnValuesOnConditionCheckFailure", "ALL_OLD");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A DynamoDB attribute value: a string ({@code S}) or a number ({@code N}). */
  private static void attribute(JsonGenerator g, String name, Object value) throws IOException {
    g.writeObjectFieldStart(name);
    if (value instanceof String text) {
      g.writeStringField("S", text);
    } else {
      g.writeStringField("N", String.valueOf(value));
    }
    g.writeEndObject();
  }

  private static Long number(JsonNode item, String attribute) {
    if (item == null) {
      return null;
    }
    JsonNode n = item.path(attribute).path("N");
    if (!n.isTextual()) {
      return null;
    }
    try {
      return Long.parseLong(n.textValue());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The table key: account, region and finding id. */
  public static String key(Finding finding) {
    return part(finding.accountId()) + "#" + part(finding.region()) + "#" + finding.id().trim();
  }

  private static String part(String value) {
    return value == null || value.isBlank() ? "unknown" : value.trim();
  }
}
