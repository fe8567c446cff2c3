package dev.guarddutyslack.storm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.MutableClock;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.testing.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The storm guard's ledger in a table on moto, which sizes items as DynamoDB does and refuses a write that would
 * take one past 400 KB with DynamoDB's own error. A window that fills its items spills into more and then only
 * counts; nothing fails, and the digest lists what it can and counts the rest.
 */
@ExtendWith(Moto.class)
class DynamoDbLedgerIT {
  private static final Duration TIME = Duration.ofSeconds(5);
  private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
  private final String name = "guardduty-slack-ledger-" + UUID.randomUUID();
  private final MutableClock clock = new MutableClock(START.plusSeconds(30));
  private final Window window = Window.containing("LOW", START, Duration.ofMinutes(5));
  private DynamoDb table;

  @BeforeEach
  void create() {
    try (DynamoDbClient dynamo = TestAws.dynamoDb()) {
      TestAws.stateTable(dynamo, name);
    }
    table = new DynamoDb(name, StateTable.KEY, TestAws.client(AwsService.DYNAMODB));
  }

  @AfterEach
  void delete() {
    try (DynamoDbClient dynamo = TestAws.dynamoDb()) {
      dynamo.deleteTable(b -> b.tableName(name));
    }
  }

  /**
   * A finding with a title of 4,000 characters of three bytes each: about 33 fill an item, so that a hundred writes
   * fill two (a digest keeps at most 300 characters of a title; docs/storms.md gives the capacity for those).
   */
  private static HeldFinding longTitled(int i) {
    return new HeldFinding(String.format("%032x", i), "Recon:EC2/PortProbeUnprotectedPort", "\u8b66".repeat(4000),
        "111122223333", "eu-west-1", "aws", 2.0);
  }

  /**
   * One shard and one spill item: the first fills, the finding goes to the spill, which the window lists; when
   * that fills too, findings are only counted. Every hold succeeds; the digest lists what the two items hold and
   * counts the rest, so that its total is every finding held.
   */
  @Test
  void aFullWindowSpillsThenCountsAndNeverFails() {
    DynamoDbLedger ledger = new DynamoDbLedger(table, TestApp.JSON, clock, 1, 1);
    int holds = 100;
    for (int i = 0; i < holds; i++) {
      ledger.hold(window, longTitled(i), TIME);
    }
    clock.set(window.end().plusSeconds(20));
    Ledger.Digest digest = ledger.claimDigest(window, "claim", TIME, TIME).orElseThrow();

    assertThat(digest.held().size()).as("listed, in two items").isBetween(50, 80);
    assertThat(digest.unlisted()).as("counted only").isEqualTo(holds - digest.held().size());
    assertThat(digest.total()).isEqualTo(holds);
    Set<String> ids = new HashSet<>();
    digest.held().forEach(f -> ids.add(f.id()));
    assertThat(ids).as("each listed once").hasSize(digest.held().size());
    assertThat(digest.held().get(0).title()).isEqualTo("\u8b66".repeat(4000));
  }

  /**
   * Each single message's turn, on DynamoDB's own writes: a second after the window's one before, or now when the
   * channel has caught up; a window that admits no more gives none.
   */
  @Test
  void eachSingleGetsTheNextTurnAtSlacksPace() {
    DynamoDbLedger ledger = new DynamoDbLedger(table, TestApp.JSON, clock);
    Instant now = Instant.parse("2026-11-29T10:06:00Z");
    assertThat(ledger.admit(window, 3, now, TIME)).contains(now);
    assertThat(ledger.admit(window, 3, now, TIME)).contains(now.plusSeconds(1));
    assertThat(ledger.admit(window, 3, now.plusMillis(500), TIME)).contains(now.plusSeconds(2));
    assertThat(ledger.admit(window, 3, now, TIME)).as("the limit").isEmpty();
    assertThat(ledger.admit(window, Long.MAX_VALUE, now.plusSeconds(30), TIME)).as("caught up: now")
        .contains(now.plusSeconds(30));
  }

  /** Holding a finding again (a retry) lists it once, even when its first item has filled meanwhile. */
  @Test
  void aFindingHeldAgainIsListedOnce() {
    DynamoDbLedger ledger = new DynamoDbLedger(table, TestApp.JSON, clock, 1, 1);
    for (int i = 0; i < 40; i++) {
      ledger.hold(window, longTitled(i), TIME);
    }
    ledger.hold(window, longTitled(0), TIME);
    ledger.hold(window, longTitled(39), TIME);
    clock.set(window.end().plusSeconds(20));
    Ledger.Digest digest = ledger.claimDigest(window, "claim", TIME, TIME).orElseThrow();
    assertThat(digest.held()).hasSize(40);
    assertThat(digest.unlisted()).isZero();
  }

  /** A digest Slack took twice without answering is known to the next claim, which goes no further. */
  @Test
  void unansweredCopiesOfADigestAreCountedAcrossClaims() {
    DynamoDbLedger ledger = new DynamoDbLedger(table, TestApp.JSON, clock);
    ledger.hold(window, longTitled(1), TIME);
    assertThat(ledger.claimDigest(window, "first", TIME, TIME)).map(Ledger.Digest::unanswered).contains(0);
    ledger.digestUnanswered(window, "first", TIME);
    assertThat(ledger.claimDigest(window, "second", TIME, TIME)).map(Ledger.Digest::unanswered).contains(1);
    ledger.digestUnanswered(window, "second", TIME);
    Optional<Ledger.Digest> third = ledger.claimDigest(window, "third", TIME, TIME);
    assertThat(third).map(Ledger.Digest::unanswered).contains(2);
    ledger.digestPosted(window, "third", TIME);
    assertThat(ledger.claimDigest(window, "fourth", TIME, TIME)).as("given up: posted").isEmpty();
  }

  /**
   * App mode: the open window's digest so far, at most once per interval across copies, never while the digest is
   * being posted or after; the message it was posted as is handed to the digest itself, which replaces it.
   */
  @Test
  void theDigestSoFarIsTakenOncePerIntervalAndItsMessageGoesToTheDigest() {
    DynamoDbLedger ledger = new DynamoDbLedger(table, TestApp.JSON, clock);
    ledger.hold(window, longTitled(1), TIME);
    java.time.Instant now = window.start().plusSeconds(30);
    Duration every = Duration.ofSeconds(20);

    Ledger.Digest soFar = ledger.claimProgress(window, now, every, TIME).orElseThrow();
    assertThat(soFar.held()).hasSize(1);
    assertThat(soFar.messageTs()).isNull();
    assertThat(ledger.claimProgress(window, now.plusSeconds(19), every, TIME)).as("another copy, too soon").isEmpty();
    ledger.progressPosted(window, "1765000000.000100", TIME);
    ledger.hold(window, longTitled(2), TIME);
    Ledger.Digest later = ledger.claimProgress(window, now.plusSeconds(20), every, TIME).orElseThrow();
    assertThat(later.held()).hasSize(2);
    assertThat(later.messageTs()).isEqualTo("1765000000.000100");

    clock.set(window.end().plusSeconds(20));
    Ledger.Digest digest = ledger.claimDigest(window, "claim", TIME, TIME).orElseThrow();
    assertThat(digest.messageTs()).isEqualTo("1765000000.000100");
    assertThat(ledger.claimProgress(window, window.end().plusSeconds(21), every, TIME)).as("while the digest is"
        + " being posted").isEmpty();
    ledger.digestPosted(window, "claim", TIME);
    assertThat(ledger.claimProgress(window, window.end().plusSeconds(60), every, TIME)).as("after").isEmpty();
  }
}
