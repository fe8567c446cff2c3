package dev.guarddutyslack.triage;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Change;
import dev.guarddutyslack.aws.Condition;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Remembers clicks in the stack's table, as {@code triage#<key>} items that expire after
 * {@link ReplayGuard#MEMORY}, so that every copy of the function knows them. The first copy to write the item
 * acts; the others find it. When the table cannot be reached, the click is acted on (every triage action
 * may be repeated without harm: archiving an archived finding changes nothing) and the fault is logged.
 */
public final class DynamoDbReplayGuard implements ReplayGuard {
  static final Duration CALL_TIME = Duration.ofMillis(500);

  private final DynamoDb table;
  private final Clock clock;
  private final Consumer<String> warnings;
  private final Duration callTime;

  public DynamoDbReplayGuard(DynamoDb table, Clock clock, Consumer<String> warnings) {
    this(table, clock, warnings, CALL_TIME);
  }

  /** @param callTime the most one call to the table may take (tests on a loaded emulator give it more) */
  DynamoDbReplayGuard(DynamoDb table, Clock clock, Consumer<String> warnings, Duration callTime) {
    this.table = table;
    this.clock = clock;
    this.warnings = warnings;
    this.callTime = callTime;
  }

  @Override
  public boolean first(String key, Duration timeLeft) {
    try {
      table.update(StateTable.click(key), Change.of()
          .set(StateTable.EXPIRES, (clock.millis() + MEMORY.toMillis()) / 1000).when(Condition.absent(StateTable.KEY)),
          timeLeft.compareTo(callTime) < 0 ? timeLeft : callTime);
      return true;
    } catch (AwsException e) {
      if (e.code() == AwsException.Code.CONDITION_FAILED) {
        return false;
      }
      warnings.accept("triage could not check the click against earlier ones (" + e.getMessage()
          + "); it is acted on");
      return true;
    }
  }

  @Override
  public void forget(String key) {
    try {
      table.delete(StateTable.click(key), Change.of(), callTime);
    } catch (AwsException e) {
      warnings.accept("triage could not forget a failed click (" + e.getMessage() + "); Slack's retry of it"
          + " will be ignored");
    }
  }
}
