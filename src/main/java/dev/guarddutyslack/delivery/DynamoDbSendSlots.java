package dev.guarddutyslack.delivery;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Change;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.webhooks.Address;
import java.time.Duration;
import java.time.Instant;

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
  public Instant reserve(Address address, Instant earliest, Duration timeLeft) {
    String name = address.paceKey();
    try {
      for (long s = earliest.getEpochSecond(); s < earliest.getEpochSecond() + LOOK_AHEAD; s++) {
        long taken = table.updateReturningNew(StateTable.pace(name, s), Change.of().add("taken", 1L)
            .setIfAbsent(StateTable.EXPIRES, s + 600), timeLeft).number("taken").orElse(1L);
        if (taken == 1) {
          Instant start = Instant.ofEpochSecond(s);
          return start.isBefore(earliest) ? earliest : start;
        }
      }
    } catch (AwsException e) {
      return earliest;
    }
    return earliest;
  }
}
