package dev.guarddutyslack;

import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.slack.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
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
 * post. A claim that is neither confirmed nor released (the invocation died) lapses after {@link #LEASE},
 * which is shorter than the queue's visibility timeout, so the retried record finds it lapsed.
 *
 * <p>Re-notification: an updated finding is posted again when its band rises, and otherwise at most once
 * per {@code RENOTIFY_AFTER} (never, when that is {@code NEVER}); the message says so.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html">Condition expressions</a>
 */
public final class DynamoDbGate implements NotificationGate {
  /** How long a claim holds without confirmation: above the function timeout, below the visibility timeout. */
  public static final Duration LEASE = Duration.ofMinutes(3);
  /** How long a notified finding is remembered after its last notification (the table's TTL). */
  public static final Duration RETENTION = Duration.ofDays(90);
  static final String KEY = "pk";
  static final String TTL_ATTRIBUTE = "expiresAt";
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

  /** What confirm and release need. */
  private record Token(String key, String claimId, Severity band, long updatedAtMs, Long count,
                       boolean previouslyNotified) {}

  @Override
  public Claim claim(Finding finding, Severity band) {
    if (finding.id() == null || finding.id().isBlank()) {
      return new Claim(true, "not deduplicated: the finding has no id", Optional.empty(), null);
    }
    long now = clock.millis();
    String claimId = UUID.randomUUID().toString();
    long updatedAtMs = Timestamps.parse(finding.updatedAt()).map(Instant::toEpochMilli).orElse(now);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":claimed", s(CLAIMED));
    values.put(":notified", s(NOTIFIED));
    values.put(":now", n(now));
    values.put(":lease", n(now + LEASE.toMillis()));
    values.put(":rank", n(band.ordinal()));
    values.put(":claimId", s(claimId));
    values.put(":expires", n((now + RETENTION.toMillis()) / 1000));
    String condition = "attribute_not_exists(" + KEY + ")"
        + " OR (#st = :claimed AND leaseUntil < :now)"
        + " OR (#st = :notified AND (bandRank < :rank";
    if (renotifyAfter.isPresent()) {
      values.put(":renotifyBefore", n(now - renotifyAfter.get().toMillis()));
      values.put(":updatedAtMs", n(updatedAtMs));
      condition += " OR (notifiedAt <= :renotifyBefore AND updatedAtMs < :updatedAtMs)";
    }
    String conditionExpression = condition + "))";
    String key = key(finding);
    try {
      UpdateItemResponse response = client().updateItem(b -> b.tableName(table)
          .key(Map.of(KEY, s(key)))
          .updateExpression("SET #st = :claimed, claimId = :claimId, leaseUntil = :lease, "
              + TTL_ATTRIBUTE + " = if_not_exists(" + TTL_ATTRIBUTE + ", :expires)")
          .conditionExpression(conditionExpression)
          .expressionAttributeNames(Map.of("#st", "status"))
          .expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_OLD)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      Map<String, AttributeValue> old = response.hasAttributes() ? response.attributes() : Map.of();
      boolean notifiedBefore = old.containsKey("notifiedAt");
      Token token = new Token(key, claimId, band, updatedAtMs, finding.serviceOrEmpty().count(), notifiedBefore);
      if (!notifiedBefore) {
        return new Claim(true, null, Optional.empty(), token);
      }
      return renotification(finding, band, old, token);
    } catch (ConditionalCheckFailedException e) {
      return Claim.suppress(suppressionReason(e.hasItem() ? e.item() : Map.of(), now));
    }
  }

  private Claim renotification(Finding finding, Severity band, Map<String, AttributeValue> old, Token token) {
    Severity previous = Severity.values()[Integer.parseInt(old.get("bandRank").n())];
    boolean rose = band.ordinal() > previous.ordinal();
    StringBuilder notice = new StringBuilder(rose ? ":arrow_double_up: *Re-notification*: severity band rose from "
        + previous.name() + " to " + band.name() + "."
        : ":repeat: *Re-notification*: still active; last notified " + time(old.get("notifiedAt")) + ".");
    Long count = finding.serviceOrEmpty().count();
    if (count != null) {
      notice.append(" Activity seen ").append(count).append(count == 1 ? " time" : " times");
      String firstSeen = finding.serviceOrEmpty().eventFirstSeen();
      if (firstSeen != null && !firstSeen.isBlank()) {
        notice.append(" since first seen ").append(SafeText.line(Timestamps.display(firstSeen), 60));
      }
      notice.append('.');
    }
    String reason = rose ? "re-notification: band rose from " + previous.name() : "re-notification: still active";
    return new Claim(true, reason, Optional.of(notice.toString()), token);
  }

  private String suppressionReason(Map<String, AttributeValue> current, long now) {
    AttributeValue status = current.get("status");
    if (status != null && CLAIMED.equals(status.s())) {
      return "duplicate: being notified by another invocation";
    }
    String when = current.containsKey("notifiedAt") ? " at " + time(current.get("notifiedAt")) : "";
    if (renotifyAfter.isEmpty()) {
      return "duplicate: already notified" + when + "; re-notification only when the band rises";
    }
    return "duplicate: already notified" + when + "; re-notified when the band rises or after "
        + renotifyAfter.get() + " with an update";
  }

  @Override
  public void confirm(Claim claim) {
    if (!(claim.token() instanceof Token token)) {
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
        .expressionAttributeValues(values));
  }

  @Override
  public void release(Claim claim) {
    if (!(claim.token() instanceof Token token)) {
      return;
    }
    try {
      if (token.previouslyNotified()) {
        client().updateItem(b -> b.tableName(table).key(Map.of(KEY, s(token.key())))
            .updateExpression("SET #st = :notified REMOVE claimId, leaseUntil")
            .conditionExpression("claimId = :claimId")
            .expressionAttributeNames(Map.of("#st", "status"))
            .expressionAttributeValues(Map.of(":notified", s(NOTIFIED), ":claimId", s(token.claimId()))));
      } else {
        client().deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(token.key())))
            .conditionExpression("claimId = :claimId")
            .expressionAttributeValues(Map.of(":claimId", s(token.claimId())))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE));
      }
    } catch (ConditionalCheckFailedException e) {
      // The claim had lapsed and another invocation holds the finding now: nothing of ours to undo.
    }
  }

  /** The table key: account, region and finding id. */
  static String key(Finding finding) {
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
