package dev.guarddutyslack.delivery;

import dev.guarddutyslack.aws.AwsException;
import dev.guarddutyslack.aws.Change;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.webhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Seconds per webhook, shared by every copy through the state table: a counter per webhook and second
 * ({@code pace#<webhook digest>#<epoch second>}), and the first copy to count 1 owns that second. The webhook is
 * named by a digest of its URL, never the URL. If the table cannot answer, the copy goes by its own pacing.
 */
public final class DynamoDbSendSlots implements SendSlots {
  /** How many seconds ahead a copy looks for a free one before it gives up and goes by its own pacing. */
  static final int LOOK_AHEAD = 60;
  private final DynamoDb table;

  public DynamoDbSendSlots(DynamoDb table) {
    this.table = table;
  }

  @Override
  public Instant reserve(Webhook webhook, Instant earliest, Duration timeLeft) {
    String name = digest(webhook);
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

  /** The first 16 hex digits of the URL's SHA-256: the same webhook in every copy, and not its secret. */
  static String digest(Webhook webhook) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(webhook.url().toString()
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
