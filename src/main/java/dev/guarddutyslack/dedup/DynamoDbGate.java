package dev.guarddutyslack.dedup;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Change;
import dev.guarddutyslack.aws.Condition;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.Item;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.config.StoreUnavailableException;
import dev.guarddutyslack.guardduty.Finding;
import dev.guarddutyslack.guardduty.Severity;
import dev.guarddutyslack.guardduty.Timestamps;
import dev.guarddutyslack.outcome.PostedMessage;
import dev.guarddutyslack.outcome.PreviousNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One message per finding that matters, in each channel it goes to. GuardDuty re-publishes a finding each
 * time it recurs, SQS and EventBridge deliver at least once, and a finding can arrive through several paths; a
 * conditional write per finding (account, region, id) and destination decides which copy is posted.
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
  private static final String CLAIMED = "claimed";
  private static final String NOTIFIED = "notified";
  private static final String UNANSWERED = "unanswered";
  private static final String STATUS = "status";
  /** The channel and ts of the message the app posted for this finding and destination (app mode). */
  static final String SLACK_CHANNEL = "slackChannel";
  static final String SLACK_TS = "slackTs";
  /** The message as posted or last edited (a webhook body's JSON), for an edit made without the finding. */
  static final String BODY = "body";
  /** When the app last edited the message for an update not due for a notification (app mode). */
  static final String EDITED_AT = "editedAt";
  /** At most one such edit per finding and destination in this long. */
  public static final Duration EDIT_INTERVAL = Duration.ofMinutes(1);
  /** The finding's severity when last notified (text), for the next update's "severity 7.2 → 8.9". */
  static final String SEVERITY = "severity";

  private final DynamoDb table;
  private final Optional<Duration> renotifyAfter;
  private final Clock clock;

  /** @param table the stack's state table ({@link StateTable}) */
  public DynamoDbGate(DynamoDb table, Optional<Duration> renotifyAfter, Clock clock) {
    this.table = table;
    this.renotifyAfter = renotifyAfter;
    this.clock = clock;
  }

  /**
   * Claims the finding when it is not held by a live claim and was never notified, or is due again: a newer
   * update whose band rose, or that comes after the re-notification window.
   */
  @Override
  public Claim claim(Finding finding, Severity band, Optional<String> destination, Duration timeLeft) {
    if (finding.id() == null || finding.id().isBlank()) {
      return Claim.Granted.first(null);
    }
    long now = clock.millis();
    String claimId = UUID.randomUUID().toString();
    long updatedAtMs = Timestamps.parse(finding.updatedAt()).map(Instant::toEpochMilli).orElse(now);
    // Due: never notified, or a newer update whose band rose (or that comes after the re-notification window).
    Condition due = Condition.less("bandRank", (long) band.ordinal());
    if (renotifyAfter.isPresent()) {
      due = due.or(Condition.lessOrEqual("notifiedAt", now - renotifyAfter.get().toMillis()));
    }
    Change change = Change.of().set(STATUS, CLAIMED).set("claimId", claimId)
        .set("leaseUntil", now + timeLeft.plus(LEASE_MARGIN).toMillis())
        .setIfAbsent(StateTable.EXPIRES, (now + RETENTION.toMillis()) / 1000)
        .when(Condition.absent("leaseUntil").or(Condition.less("leaseUntil", now)))
        .when(Condition.absent("notifiedAt").or(Condition.less("updatedAtMs", updatedAtMs).and(due)));
    String key = StateTable.notified(finding.accountId(), finding.region(), finding.id(), destination);
    Item old;
    try {
      old = table.update(key, change, timeLeft);
    } catch (AwsException e) {
      if (e.code() != AwsException.Code.CONDITION_FAILED) {
        throw unavailable(e);
      }
      Optional<Claim> edit = edit(key, e.item(), finding, now, updatedAtMs, timeLeft);
      return edit.isPresent() ? edit.get() : refusal(e.item(), now, updatedAtMs);
    }
    Optional<PreviousNotification> previous = previous(old);
    int copies = old.number("unansweredUpdatedAtMs").filter(at -> at == updatedAtMs)
        .flatMap(at -> old.number(UNANSWERED)).map(n -> (int) Math.min(n, Integer.MAX_VALUE)).orElse(0);
    ClaimToken token = new ClaimToken(key, claimId, band, updatedAtMs, finding.count(), previous.isPresent(),
        finding.severity());
    return new Claim.Granted(previous, token, copies);
  }

  /**
   * App mode, for an update that is not due for a notification: when the finding's message is the app's, the update
   * is newer than the one it shows, and it was not edited in the last {@link #EDIT_INTERVAL}, the update is taken
   * for a silent edit (recorded now; given back if the edit fails, {@link #releaseEdit}).
   *
   * @return the edit claim; empty when the update is not one to edit (then it is refused as before)
   */
  private Optional<Claim> edit(String key, Item current, Finding finding, long now, long updatedAtMs,
                               Duration timeLeft) {
    Optional<PreviousNotification> previous = previous(current);
    Optional<Long> recorded = current.number("updatedAtMs");
    if (previous.isEmpty() || previous.get().message().isEmpty() || recorded.isEmpty()
        || recorded.get() >= updatedAtMs || current.number("leaseUntil").filter(l -> l >= now).isPresent()
        || current.number(EDITED_AT).filter(at -> at > now - EDIT_INTERVAL.toMillis()).isPresent()) {
      return Optional.empty();
    }
    Change change = Change.of().set("updatedAtMs", updatedAtMs).set(EDITED_AT, now)
        .when(Condition.equal("updatedAtMs", recorded.get()))
        .when(Condition.absent(EDITED_AT).or(Condition.lessOrEqual(EDITED_AT, now - EDIT_INTERVAL.toMillis())));
    if (finding.count() != null) {
      change = change.set("findingCount", finding.count());
    }
    if (finding.severity() != null) {
      change = change.set(SEVERITY, String.valueOf(finding.severity()));
    }
    try {
      table.update(key, change, timeLeft);
    } catch (AwsException e) {
      if (e.code() == AwsException.Code.CONDITION_FAILED) {
        return Optional.empty();
      }
      throw unavailable(e);
    }
    return Optional.of(new Claim.Edit(previous.get(), new EditToken(key, recorded.get(), updatedAtMs,
        current.number(EDITED_AT).orElse(null))));
  }

  /** Gives an edit back (its edit failed): the record shows the update before it again, so a retry edits. */
  @Override
  public void releaseEdit(Claim.Edit edit, Duration timeLeft) {
    EditToken token = edit.token();
    Change change = Change.of().set("updatedAtMs", token.previousUpdatedAtMs())
        .when(Condition.equal("updatedAtMs", token.updatedAtMs()));
    change = token.previousEditedAt() == null ? change.remove(EDITED_AT)
        : change.set(EDITED_AT, token.previousEditedAt());
    write(token.key(), change, timeLeft, true);
  }

  /** What the table's error means for the operator: its name, DynamoDB's error, and whether it is set up wrong. */
  private StoreUnavailableException unavailable(AwsException e) {
    return new StoreUnavailableException("DynamoDB table " + table.table() + ": " + e.getMessage(),
        e.code().misconfiguration(), e);
  }

  private static Optional<PreviousNotification> previous(Item item) {
    Optional<Long> notifiedAt = item.number("notifiedAt");
    Optional<Long> rank = item.number("bandRank").filter(r -> r >= 0 && r < Severity.values().length);
    if (notifiedAt.isEmpty() || rank.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PreviousNotification(Severity.values()[rank.get().intValue()],
        Instant.ofEpochMilli(notifiedAt.get()), PostedMessage.of(item.string(SLACK_CHANNEL).orElse(null),
            item.string(SLACK_TS).orElse(null)), severity(item),
        item.number("findingCount").orElse(null)));
  }

  @Override
  public void remember(String region, String findingId, String destination, PostedMessage message, String body,
                       Duration timeLeft) {
    long now = clock.millis();
    write(StateTable.message(region, findingId, destination), Change.of().set("destination", destination)
        .set(SLACK_CHANNEL, message.channel()).set(SLACK_TS, message.ts()).set(BODY, body)
        .set(StateTable.EXPIRES, (now + RETENTION.toMillis()) / 1000), timeLeft, false);
  }

  @Override
  public java.util.Map<String, LivingMessage> messages(String region, String findingId,
                                                       java.util.Collection<String> destinations, Duration timeLeft) {
    java.util.Map<String, LivingMessage> found = new java.util.LinkedHashMap<>();
    if (destinations.isEmpty()) {
      return found;
    }
    try {
      for (Item item : table.get(destinations.stream().map(d -> StateTable.message(region, findingId, d)).toList(),
          timeLeft)) {
        Optional<PostedMessage> message = PostedMessage.of(item.string(SLACK_CHANNEL).orElse(null),
            item.string(SLACK_TS).orElse(null));
        Optional<String> destination = item.string("destination").filter(destinations::contains);
        Optional<String> body = item.string(BODY);
        if (message.isPresent() && destination.isPresent() && body.isPresent()) {
          found.put(destination.get(), new LivingMessage(message.get(), body.get()));
        }
      }
    } catch (AwsException e) {
      throw unavailable(e);
    }
    return found;
  }

  /** The severity the record kept (as text, the way the finding gave it), when it is a number. */
  private static Double severity(Item item) {
    try {
      return item.string(SEVERITY).map(Double::valueOf).filter(v -> v >= 0 && v <= 10).orElse(null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Claim refusal(Item current, long now, long updatedAtMs) {
    if (current.number("leaseUntil").filter(lease -> lease >= now).isPresent()) {
      return new Claim.Busy("being notified by another invocation; retried later");
    }
    String when = current.number("notifiedAt").map(at -> " at " + Timestamps.display(Instant.ofEpochMilli(at)))
        .orElse("");
    if (current.number("updatedAtMs").filter(recorded -> recorded > updatedAtMs).isPresent()) {
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
    confirm(claim, Optional.empty(), timeLeft);
  }

  /**
   * Records the notification (and the message the app posted, if it did) and gives up the claim; forgets copies
   * that went unanswered.
   */
  @Override
  public void confirm(Claim.Granted claim, Optional<PostedMessage> message, Duration timeLeft) {
    ClaimToken token = claim.token();
    if (token == null) {
      return;
    }
    long now = clock.millis();
    Change change = Change.of().set(STATUS, NOTIFIED).set("band", token.band().name())
        .set("bandRank", (long) token.band().ordinal()).set("notifiedAt", now).set("updatedAtMs", token.updatedAtMs())
        .setIfAbsent("firstNotifiedAt", now).set(StateTable.EXPIRES, (now + RETENTION.toMillis()) / 1000)
        .remove("claimId", "leaseUntil", UNANSWERED, "unansweredUpdatedAtMs")
        .when(Condition.equal("claimId", token.claimId()));
    if (token.count() != null) {
      change = change.set("findingCount", token.count());
    }
    if (token.severity() != null) {
      change = change.set(SEVERITY, String.valueOf(token.severity()));
    }
    if (message.isPresent()) {
      change = change.set(SLACK_CHANNEL, message.get().channel()).set(SLACK_TS, message.get().ts());
    }
    write(token.key(), change, timeLeft, false);
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
    write(token.key(), Change.of().set(STATUS, UNANSWERED).set(UNANSWERED, (long) claim.unanswered() + 1)
        .set("unansweredUpdatedAtMs", token.updatedAtMs()).remove("claimId", "leaseUntil")
        .when(Condition.equal("claimId", token.claimId())), timeLeft, true);
  }

  /**
   * Gives the claim up after a failed post, so that the retry can post. What the item remembers (an earlier
   * message, copies Slack did not answer) stays; an item that remembers nothing goes.
   */
  @Override
  public void release(Claim.Granted claim, Duration timeLeft) {
    ClaimToken token = claim.token();
    if (token == null) {
      return;
    }
    if (token.previouslyNotified() || claim.unanswered() > 0) {
      write(token.key(), Change.of().set(STATUS, token.previouslyNotified() ? NOTIFIED : UNANSWERED)
          .remove("claimId", "leaseUntil").when(Condition.equal("claimId", token.claimId())), timeLeft, true);
      return;
    }
    try {
      table.delete(token.key(), Change.of().when(Condition.equal("claimId", token.claimId())), timeLeft);
    } catch (AwsException e) {
      if (e.code() != AwsException.Code.CONDITION_FAILED) {
        throw unavailable(e);
      }
    }
  }

  /**
   * A write under the claim's own id.
   *
   * @param lapsedIsFine whether a claim that lapsed meanwhile (another invocation holds the finding now) leaves
   *     nothing of ours to do, rather than being an error
   */
  private void write(String key, Change change, Duration timeLeft, boolean lapsedIsFine) {
    try {
      table.update(key, change, timeLeft);
    } catch (AwsException e) {
      if (!(lapsedIsFine && e.code() == AwsException.Code.CONDITION_FAILED)) {
        throw unavailable(e);
      }
    }
  }

  /**
   * A request whose condition can never hold, on an item that is never written: it goes through signing,
   * the table's endpoint and DynamoDB's answer to a failed condition, and changes nothing. Needs no other
   * permission than claims do.
   *
   * @return empty when DynamoDB answered as expected; otherwise what it said, naming the table
   */
  public Optional<StoreUnavailableException> prime(Duration timeLeft) {
    try {
      table.update(StateTable.PRIMING, Change.of().remove("primed")
          .when(Condition.present(StateTable.KEY).and(Condition.absent(StateTable.KEY))), timeLeft);
      return Optional.of(new StoreUnavailableException("DynamoDB table " + table.table() + ": the priming request"
          + " succeeded, which a DynamoDB table never lets it", true, null));
    } catch (AwsException e) {
      return e.code() == AwsException.Code.CONDITION_FAILED ? Optional.empty() : Optional.of(unavailable(e));
    }
  }
}
