package dev.guarddutyslack.storm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Change;
import dev.guarddutyslack.aws.Condition;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.Item;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.json.JsonTree;
import dev.guarddutyslack.json.JsonWriting;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger in the function's DynamoDB table, beside the deduplication records. A window has one item
 * ({@link Window#key}) with its single messages counted ({@code singles}, a conditional {@code ADD}), the
 * trigger's flag, the digest's claim, and the copies of the digest Slack did not answer.
 *
 * <p>The findings it holds back are attributes of their own ({@code h:<finding>@<account>@<region>}, a JSON
 * summary each), spread over {@link #SHARDS} items by finding. Holding a finding twice writes the same attribute:
 * it is counted once. An item holds at most DynamoDB's 400 KB: 1,332 findings with a title of 76 characters, 358
 * with 300-character titles in a script of three bytes a character (measured on moto, which sizes items as DynamoDB
 * does; docs/storms.md has the numbers). When a write would take an item past that, the finding goes
 * to the shard's next spill item ({@code …#held#3#1}, up to {@link #SPILLS} of them), which the window item lists
 * ({@code spills}) so that the digest reads it; when they are full too, the finding is only counted
 * ({@code unlisted}), and the digest says how many it could not list. A storm never fails a finding for want of
 * room.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items">Item size limit</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 */
public final class DynamoDbLedger implements Ledger {
  /** When the window's next single message may go out at Slack's pace, in epoch milliseconds. */
  private static final String NEXT = "next";
  /** App mode: the message that has shown the window's digest so far. */
  private static final String DIGEST_TS = "digestTs";
  /** How many items hold a window's held-back findings, before any spill. */
  static final int SHARDS = 8;
  /** How many further items each shard may spill into. */
  static final int SPILLS = 3;
  /** How long after its window a record stays (the table's TTL): long enough for any retry of its digest. */
  static final Duration RETENTION = Duration.ofDays(7);
  /** The prefix of a held finding's attribute. */
  static final String HELD = "h:";

  private final DynamoDb table;
  private final JsonFactory json;
  private final Clock clock;
  private final int shards;
  private final int spills;
  /** Items this copy found full, so that later holds go straight to the next. */
  private final Set<String> full = ConcurrentHashMap.newKeySet();

  public DynamoDbLedger(DynamoDb table, JsonFactory json, Clock clock) {
    this(table, json, clock, SHARDS, SPILLS);
  }

  /** With other capacities (tests fill a window without thousands of writes). */
  DynamoDbLedger(DynamoDb table, JsonFactory json, Clock clock, int shards, int spills) {
    this.table = table;
    this.json = json;
    this.clock = clock;
    this.shards = shards;
    this.spills = spills;
  }

  @Override
  public Optional<Instant> admit(Window window, long limit, Instant now, Duration timeLeft) {
    Change change = Change.of().add("singles", 1L).setIfAbsent(StateTable.EXPIRES, expires(window));
    Change counted = limit == Long.MAX_VALUE ? change
        : change.when(Condition.absent("singles").or(Condition.less("singles", limit)));
    if (!conditional(() -> table.update(window.key(), counted, timeLeft))) {
      return Optional.empty();
    }
    return Optional.of(turn(window, now, timeLeft));
  }

  /**
   * The next second of the window's pace, taken: {@code next} moves on a second for each single message (a counter,
   * so that no two copies get the same); once it is behind {@code now} (the channel caught up), it starts again
   * from now. Two copies that find it behind at once both get now, and the poster's pacing parts them.
   */
  private Instant turn(Window window, Instant now, Duration timeLeft) {
    long step = Duration.ofSeconds(1).toMillis();
    long taken;
    try {
      taken = table.updateReturningNew(window.key(), Change.of().add(NEXT, step), timeLeft).number(NEXT)
          .orElse(step) - step;
    } catch (AwsException e) {
      throw unavailable(e);
    }
    if (taken >= now.toEpochMilli()) {
      return Instant.ofEpochMilli(taken);
    }
    long from = now.toEpochMilli() + step;
    conditional(() -> table.update(window.key(), Change.of().set(NEXT, from).when(Condition.less(NEXT, from)),
        timeLeft));
    return now;
  }

  @Override
  public void unadmit(Window window, Duration timeLeft) {
    write(() -> table.update(window.key(), Change.of().add("singles", -1L), timeLeft));
  }

  @Override
  public void hold(Window window, HeldFinding finding, Duration timeLeft) {
    String member = JsonWriting.text(json, g -> {
      g.writeStringField("id", finding.id());
      g.writeStringField("type", finding.type());
      g.writeStringField("title", finding.title());
      g.writeStringField("account", finding.accountId());
      g.writeStringField("region", finding.region());
      g.writeStringField("partition", finding.partition());
      g.writeNumberField("severity", finding.severity());
    });
    Change add = Change.of().set(HELD + finding.id() + "@" + finding.accountId() + "@" + finding.region(), member)
        .setIfAbsent(StateTable.EXPIRES, expires(window));
    int shard = Math.floorMod(finding.id().hashCode(), shards);
    for (int spill = 0; spill <= spills; spill++) {
      String key = StateTable.held(window.key(), shard, spill);
      if (full.contains(key)) {
        continue;
      }
      if (spill > 0) {
        // Listed before it is written to, so that no digest misses a finding held there.
        String listed = shard + "#" + spill;
        write(() -> table.update(window.key(), Change.of().addToSet("spills", Set.of(listed))
            .setIfAbsent(StateTable.EXPIRES, expires(window)), timeLeft));
      }
      try {
        table.write(key, add, timeLeft);
        return;
      } catch (AwsException e) {
        if (e.code() != AwsException.Code.ITEM_TOO_LARGE) {
          throw unavailable(e);
        }
        remember(key);
      }
    }
    // Every item of the shard is full: the finding is counted, and the digest says it could not list it.
    write(() -> table.update(window.key(), Change.of().add("unlisted", 1L)
        .setIfAbsent(StateTable.EXPIRES, expires(window)), timeLeft));
  }

  private void remember(String key) {
    if (full.size() > 10_000) {
      full.clear();
    }
    full.add(key);
  }

  @Override
  public boolean firstToSchedule(Window window, Duration timeLeft) {
    return conditional(() -> table.update(window.key(), Change.of().set("scheduled", "yes")
        .setIfAbsent(StateTable.EXPIRES, expires(window)).when(Condition.absent("scheduled")), timeLeft));
  }

  @Override
  public void unschedule(Window window, Duration timeLeft) {
    write(() -> table.update(window.key(), Change.of().remove("scheduled"), timeLeft));
  }

  @Override
  public Optional<Digest> claimDigest(Window window, String claimId, Duration lease, Duration timeLeft) {
    long now = clock.millis();
    Item before;
    try {
      before = table.update(window.key(), Change.of().set("digestClaim", claimId)
          .set("digestLease", now + lease.toMillis()).setIfAbsent(StateTable.EXPIRES, expires(window))
          .when(Condition.absent("digestPosted"))
          .when(Condition.absent("digestLease").or(Condition.less("digestLease", now))), timeLeft);
    } catch (AwsException e) {
      if (e.code() == AwsException.Code.CONDITION_FAILED) {
        return Optional.empty();
      }
      throw unavailable(e);
    }
    return Optional.of(digest(window, before, timeLeft));
  }

  /** The window's digest as its item and its held items say it now. */
  private Digest digest(Window window, Item before, Duration timeLeft) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      keys.add(StateTable.held(window.key(), i, 0));
    }
    for (String spill : before.stringSet("spills")) {
      keys.add(StateTable.held(window.key(), spill));
    }
    // By attribute name: a finding held again in a spill item (its entry grew) is listed once.
    Map<String, String> members = new LinkedHashMap<>();
    try {
      for (Item item : table.get(keys, timeLeft)) {
        // A window held before this layout kept its findings in one map attribute.
        item.strings("members").forEach((name, text) -> members.put(HELD + name, text));
        members.putAll(item.stringsStartingWith(HELD));
      }
    } catch (AwsException e) {
      throw unavailable(e);
    }
    List<HeldFinding> held = new ArrayList<>(members.size());
    members.values().forEach(text -> held.add(member(text)));
    return new Digest(window, Math.max(0, before.number("singles").orElse(0L)), held,
        Math.max(0, before.number("unlisted").orElse(0L)),
        (int) Math.min(Integer.MAX_VALUE, Math.max(0, before.number("digestUnanswered").orElse(0L))),
        before.string(DIGEST_TS).orElse(null));
  }

  @Override
  public Optional<Digest> claimProgress(Window window, Instant now, Duration interval, Duration timeLeft) {
    long at = now.toEpochMilli();
    Item before;
    try {
      before = table.update(window.key(), Change.of().set("progressAt", at)
          .setIfAbsent(StateTable.EXPIRES, expires(window))
          .when(Condition.absent("digestPosted"))
          .when(Condition.absent("digestLease").or(Condition.less("digestLease", at)))
          .when(Condition.absent("progressAt").or(Condition.lessOrEqual("progressAt", at - interval.toMillis()))),
          timeLeft);
    } catch (AwsException e) {
      if (e.code() == AwsException.Code.CONDITION_FAILED) {
        return Optional.empty();
      }
      throw unavailable(e);
    }
    return Optional.of(digest(window, before, timeLeft));
  }

  @Override
  public void progressPosted(Window window, String ts, Duration timeLeft) {
    write(() -> table.update(window.key(), Change.of().set(DIGEST_TS, ts), timeLeft));
  }

  @Override
  public void digestPosted(Window window, String claimId, Duration timeLeft) {
    write(() -> table.update(window.key(), Change.of().set("digestPosted", clock.millis()).remove("digestLease")
        .when(Condition.equal("digestClaim", claimId)), timeLeft));
  }

  @Override
  public void releaseDigest(Window window, String claimId, Duration timeLeft) {
    conditional(() -> table.update(window.key(), Change.of().remove("digestClaim", "digestLease")
        .when(Condition.equal("digestClaim", claimId)), timeLeft));
  }

  @Override
  public void digestUnanswered(Window window, String claimId, Duration timeLeft) {
    conditional(() -> table.update(window.key(), Change.of().add("digestUnanswered", 1L)
        .remove("digestClaim", "digestLease").when(Condition.equal("digestClaim", claimId)), timeLeft));
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
