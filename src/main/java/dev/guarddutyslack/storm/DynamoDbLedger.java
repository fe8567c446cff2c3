package dev.guarddutyslack.storm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.Item;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger in the function's DynamoDB table, beside the deduplication records. A window has one item
 * ({@link Window#key}) with its single messages counted ({@code singles}, a conditional {@code ADD}), the
 * trigger's flag and the digest's claim; the findings it holds back are map entries keyed by finding
 * ({@code members.#finding}), spread over {@link #SHARDS} items so that a storm of tens of thousands fits
 * DynamoDB's 400 KB per item. Holding a finding twice writes the same entry: it is counted once.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
public final class DynamoDbLedger implements Ledger {
  /** How many items hold a window's held-back findings. */
  static final int SHARDS = 8;
  /** How long after its window a record stays (the table's TTL): long enough for any retry of its digest. */
  static final Duration RETENTION = Duration.ofDays(7);
  private static final String TTL = "expiresAt";

  private final DynamoDb table;
  private final JsonFactory json;
  private final Clock clock;

  public DynamoDbLedger(DynamoDb table, JsonFactory json, Clock clock) {
    this.table = table;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public boolean admit(Window window, long limit, Duration timeLeft) {
    DynamoDb.Change change = DynamoDb.Change.update("ADD singles :one SET " + TTL + " = if_not_exists(" + TTL
        + ", :expires)", limit == Long.MAX_VALUE ? null : "attribute_not_exists(singles) OR singles < :limit")
        .with(":one", 1L).with(":expires", expires(window));
    DynamoDb.Change counted = limit == Long.MAX_VALUE ? change : change.with(":limit", limit);
    return conditional(() -> table.update(window.key(), counted, timeLeft));
  }

  @Override
  public void unadmit(Window window, Duration timeLeft) {
    write(() -> table.update(window.key(), DynamoDb.Change.update("ADD singles :minus", null)
        .with(":minus", -1L), timeLeft));
  }

  @Override
  public void hold(Window window, HeldFinding finding, Duration timeLeft) {
    String shard = shard(window, finding.id());
    String member = JsonWriting.text(json, g -> {
      g.writeStringField("id", finding.id());
      g.writeStringField("type", finding.type());
      g.writeStringField("title", finding.title());
      g.writeStringField("account", finding.accountId());
      g.writeStringField("region", finding.region());
      g.writeStringField("partition", finding.partition());
      g.writeNumberField("severity", finding.severity());
    });
    DynamoDb.Change add = DynamoDb.Change.update("SET members.#finding = :member", null)
        .naming("#finding", finding.id() + "@" + finding.accountId() + "@" + finding.region()).with(":member", member);
    try {
      table.update(shard, add, timeLeft);
    } catch (AwsException e) {
      if (e.code() != AwsException.Code.INVALID) {
        throw unavailable(e);
      }
      // The shard has no members map yet: make one (if no other copy just did), then add the entry.
      write(() -> table.update(shard, DynamoDb.Change.update("SET members = if_not_exists(members, :empty), " + TTL
          + " = if_not_exists(" + TTL + ", :expires)", null).with(":empty", Map.of())
          .with(":expires", expires(window)), timeLeft));
      write(() -> table.update(shard, add, timeLeft));
    }
  }

  @Override
  public boolean firstToSchedule(Window window, Duration timeLeft) {
    return conditional(() -> table.update(window.key(), DynamoDb.Change.update("SET scheduled = :yes, " + TTL
        + " = if_not_exists(" + TTL + ", :expires)", "attribute_not_exists(scheduled)").with(":yes", "yes")
        .with(":expires", expires(window)), timeLeft));
  }

  @Override
  public void unschedule(Window window, Duration timeLeft) {
    write(() -> table.update(window.key(), DynamoDb.Change.update("REMOVE scheduled", null), timeLeft));
  }

  @Override
  public Optional<Digest> claimDigest(Window window, String claimId, Duration lease, Duration timeLeft) {
    long now = clock.millis();
    Item before;
    try {
      before = table.update(window.key(), DynamoDb.Change.update("SET digestClaim = :claim, digestLease = :lease, "
              + TTL + " = if_not_exists(" + TTL + ", :expires)",
              "attribute_not_exists(digestPosted) AND (attribute_not_exists(digestLease) OR digestLease < :now)")
          .with(":claim", claimId).with(":lease", now + lease.toMillis()).with(":now", now)
          .with(":expires", expires(window)), timeLeft);
    } catch (AwsException e) {
      if (e.code() == AwsException.Code.CONDITION_FAILED) {
        return Optional.empty();
      }
      throw unavailable(e);
    }
    List<String> shards = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      shards.add(window.key() + "#held#" + i);
    }
    List<HeldFinding> held = new ArrayList<>();
    try {
      for (Item shard : table.get(shards, timeLeft)) {
        for (String member : shard.strings("members").values()) {
          held.add(member(member));
        }
      }
    } catch (AwsException e) {
      throw unavailable(e);
    }
    return Optional.of(new Digest(window, Math.max(0, before.number("singles").orElse(0L)), held));
  }

  @Override
  public void digestPosted(Window window, String claimId, Duration timeLeft) {
    write(() -> table.update(window.key(), DynamoDb.Change.update("SET digestPosted = :at REMOVE digestLease",
        "digestClaim = :claim").with(":at", clock.millis()).with(":claim", claimId), timeLeft));
  }

  @Override
  public void releaseDigest(Window window, String claimId, Duration timeLeft) {
    conditional(() -> table.update(window.key(), DynamoDb.Change.update("REMOVE digestClaim, digestLease",
        "digestClaim = :claim").with(":claim", claimId), timeLeft));
  }

  private HeldFinding member(String text) {
    try {
      JsonNode m = JsonTree.read(json, text);
      return new HeldFinding(m.path("id").asText(), m.path("type").asText(), m.path("title").asText(),
          m.path("account").asText(), m.path("region").asText(), m.path("partition").asText("aws"),
          m.path("severity").asDouble());
    } catch (IOException e) {
      return new HeldFinding("", "", "", "", "", "aws", 0);
    }
  }

  private static String shard(Window window, String findingId) {
    return window.key() + "#held#" + Math.floorMod(findingId.hashCode(), SHARDS);
  }

  private static long expires(Window window) {
    return window.end().plus(RETENTION).getEpochSecond();
  }

  /** A write whose condition may fail: whether it held. */
  private boolean conditional(Runnable write) {
    try {
      write.run();
      return true;
    } catch (AwsException e) {
      if (e.code() == AwsException.Code.CONDITION_FAILED) {
        return false;
      }
      throw unavailable(e);
    }
  }

  private void write(Runnable write) {
    try {
      write.run();
    } catch (AwsException e) {
      throw unavailable(e);
    }
  }

  private StoreUnavailableException unavailable(AwsException e) {
    return new StoreUnavailableException("DynamoDB table " + table.table() + " (storm guard): " + e.getMessage(),
        e.code().misconfiguration(), e);
  }
}
