package dev.guarddutyslack.delivery;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Change;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.webhooks.Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Seconds per webhook or channel, shared by every copy through the state table: a counter per address and
 * second ({@code pace#<pace key>#<epoch second>}), and the first copy to count 1 owns that second. A webhook is
 * named by a digest of its URL, never the URL; a channel by its id ({@link Address#paceKey()}). If the table cannot answer, the copy goes by its own pacing.
 */
public final class DynamoDbSendSlots implements SendSlots {
  /** How many seconds ahead a copy looks for a free one before it gives up and goes by its own pacing. */
  static final int LOOK_AHEAD = 60;
  private final DynamoDb table;

  public DynamoDbSendSlots(DynamoDb table) {
    this.table = table;
  }

  @Override
  public Optional<Instant> reserve(Address address, Instant earliest, Instant latest, Duration timeLeft) {
    String name = address.paceKey();
    long last = Math.min(latest.getEpochSecond(), earliest.getEpochSecond() + LOOK_AHEAD - 1);
    try {
      for (long s = earliest.getEpochSecond(); s <= last; s++) {
        long taken = table.updateReturningNew(StateTable.pace(name, s), Change.of().add("taken", 1L)
            .setIfAbsent(StateTable.EXPIRES, s + 600), timeLeft).number("taken").orElse(1L);
        if (taken == 1) {
          Instant start = Instant.ofEpochSecond(s);
          return Optional.of(start.isBefore(earliest) ? earliest : start);
        }
      }
    } catch (AwsException e) {
      return Optional.of(earliest);
    }
    // Every second up to the look-ahead taken: the copy goes by its own pacing, as when the table cannot answer.
    return last < latest.getEpochSecond() ? Optional.of(earliest) : Optional.empty();
  }
}
