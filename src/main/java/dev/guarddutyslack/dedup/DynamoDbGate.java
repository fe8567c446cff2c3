package dev.guarddutyslack.dedup;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

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
 */
public final class DynamoDbGate implements NotificationGate {
  /** How long a claim outlives the invocation's remaining time: clock skew and the report after delivery. */
  public static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
  /** How long a notified finding is remembered after its last notification (the table's TTL). */
  public static final Duration RETENTION = Duration.ofDays(90);
  /** The longest any one DynamoDB call may take, retries included; less when the invocation has less. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  public static final String KEY = "pk";
  public static final String TTL_ATTRIBUTE = "expiresAt";
  private static final String CLAIMED = "claimed";
  private static final String NOTIFIED = "notified";

  private final String table;
  private final Supplier<DynamoDbClient> clientFactory;
  private final Optional<Duration> renotifyAfter;
  private final Clock clock;
  private volatile DynamoDbClient client;

  public DynamoDbGate(String table, Supplier<DynamoDbClient> clientFactory, Optional<Duration> renotifyAfter,
                      Clock clock) {
    this.table = table;
    this.clientFactory = clientFactory;
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
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":claimed", s(CLAIMED));
    values.put(":now", n(now));
    values.put(":lease", n(now + timeLeft.plus(LEASE_MARGIN).toMillis()));
    values.put(":rank", n(band.ordinal()));
    values.put(":claimId", s(claimId));
    values.put(":updatedAtMs", n(updatedAtMs));
    values.put(":expires", n((now + RETENTION.toMillis()) / 1000));
    // Not held by a live claim, and never notified or due again: a newer update whose band rose, or that
    // comes after the re-notification window.
    String due = "bandRank < :rank";
    if (renotifyAfter.isPresent()) {
      values.put(":renotifyBefore", n(now - renotifyAfter.get().toMillis()));
      due = "(" + due + " OR notifiedAt <= :renotifyBefore)";
    }
    String condition = "(attribute_not_exists(leaseUntil) OR leaseUntil < :now)"
        + " AND (attribute_not_exists(notifiedAt) OR (updatedAtMs < :updatedAtMs AND " + due + "))";
    String key = key(finding);
    try {
      UpdateItemResponse response = client().updateItem(b -> b.tableName(table)
          .key(Map.of(KEY, s(key)))
          .updateExpression("SET #st = :claimed, claimId = :claimId, leaseUntil = :lease, "
              + TTL_ATTRIBUTE + " = if_not_exists(" + TTL_ATTRIBUTE + ", :expires)")
          .conditionExpression(condition)
          .expressionAttributeNames(Map.of("#st", "status"))
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_OLD)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
          .overrideConfiguration(timeout(timeLeft)));
      Map<String, AttributeValue> old = response.hasAttributes() ? response.attributes() : Map.of();
      Optional<Previous> previous = previous(old);
      ClaimToken token = new ClaimToken(key, claimId, band, updatedAtMs, finding.serviceOrEmpty().count(),
          previous.isPresent());
      return new Claim.Granted(previous, token);
    } catch (ConditionalCheckFailedException e) {
      return refusal(e.hasItem() ? e.item() : Map.of(), now, updatedAtMs);
    }
  }

  private static Optional<Previous> previous(Map<String, AttributeValue> item) {
    if (!item.containsKey("notifiedAt") || !item.containsKey("bandRank")) {
      return Optional.empty();
    }
    Severity band = Severity.values()[Integer.parseInt(item.get("bandRank").n())];
    return Optional.of(new Previous(band, Instant.ofEpochMilli(Long.parseLong(item.get("notifiedAt").n()))));
  }

  private Claim refusal(Map<String, AttributeValue> current, long now, long updatedAtMs) {
    AttributeValue lease = current.get("leaseUntil");
    if (lease != null && Long.parseLong(lease.n()) >= now) {
      return new Claim.Busy("being notified by another invocation; retried later");
    }
    String when = current.containsKey("notifiedAt") ? " at " + time(current.get("notifiedAt")) : "";
    AttributeValue recorded = current.get("updatedAtMs");
    if (recorded != null && Long.parseLong(recorded.n()) > updatedAtMs) {
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
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":notified", s(NOTIFIED));
    values.put(":band", s(token.band().name()));
    values.put(":rank", n(token.band().ordinal()));
    values.put(":now", n(now));
    values.put(":updatedAtMs", n(token.updatedAtMs()));
    values.put(":expires", n((now + RETENTION.toMillis()) / 1000));
    values.put(":claimId", s(token.claimId()));
    String count = "";
    if (token.count() != null) {
      values.put(":count", n(token.count()));
      count = ", findingCount = :count";
    }
    String update = "SET #st = :notified, band = :band, bandRank = :rank, notifiedAt = :now, "
        + "updatedAtMs = :updatedAtMs, firstNotifiedAt = if_not_exists(firstNotifiedAt, :now), "
        + TTL_ATTRIBUTE + " = :expires" + count + " REMOVE claimId, leaseUntil";
    client().updateItem(b -> b.tableName(table).key(Map.of(KEY, s(token.key())))
        .updateExpression(update)
        .conditionExpression("claimId = :claimId")
        .expressionAttributeNames(Map.of("#st", "status"))
        .expressionAttributeValues(values)
        .overrideConfiguration(timeout(timeLeft)));
  }

  @Override
  public void release(Claim.Granted claim, Duration timeLeft) {
    ClaimToken token = claim.token();
    if (token == null) {
      return;
    }
    try {
      if (token.previouslyNotified()) {
        client().updateItem(b -> b.tableName(table).key(Map.of(KEY, s(token.key())))
            .updateExpression("SET #st = :notified REMOVE claimId, leaseUntil")
            .conditionExpression("claimId = :claimId")
            .expressionAttributeNames(Map.of("#st", "status"))
            .expressionAttributeValues(Map.of(":notified", s(NOTIFIED), ":claimId", s(token.claimId())))
            .overrideConfiguration(timeout(timeLeft)));
      } else {
        client().deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(token.key())))
            .conditionExpression("claimId = :claimId")
            .expressionAttributeValues(Map.of(":claimId", s(token.claimId())))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)
            .overrideConfiguration(timeout(timeLeft)));
      }
    } catch (ConditionalCheckFailedException e) {
      // The claim had lapsed and another invocation holds the finding now: nothing of ours to undo.
    }
  }

  /** The call's whole time, retries included: at most {@link #CALL_TIMEOUT}, never past the deadline. */
  private static AwsRequestOverrideConfiguration timeout(Duration timeLeft) {
    Duration budget = timeLeft.compareTo(CALL_TIMEOUT) < 0 ? timeLeft : CALL_TIMEOUT;
    if (budget.toMillis() < 1) {
      throw new IllegalStateException("no time left in the invocation for the deduplication table");
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(budget).build();
  }

  /** The table key: account, region and finding id. */
  public static String key(Finding finding) {
    return part(finding.accountId()) + "#" + part(finding.region()) + "#" + finding.id().trim();
  }

  private static String part(String value) {
    return value == null || value.isBlank() ? "unknown" : value.trim();
  }

  private DynamoDbClient client() {
    DynamoDbClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = clientFactory.get();
        }
        c = client;
      }
    }
    return c;
  }

  private static String time(AttributeValue epochMillis) {
    return epochMillis == null ? "earlier" : Timestamps.display(epochMillis.n());
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeValue n(long value) {
    return AttributeValue.builder().n(Long.toString(value)).build();
  }
}
