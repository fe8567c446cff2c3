package dev.guarddutyslack.aws;

import java.time.Instant;
import java.util.Optional;

/**
 * The stack's one DynamoDB table, as every part that keeps state uses it: its key, the attribute DynamoDB's TTL
 * deletes items by (epoch seconds), and each feature's shape of key, so that no two features' items can meet. The
 * template declares the key and the TTL attribute (a test reads them there).
 */
public final class StateTable {
  /** The partition key, a string. */
  public static final String KEY = "pk";
  /** When DynamoDB may delete the item, in epoch seconds. */
  public static final String EXPIRES = "expiresAt";
  /** The key SnapStart's priming writes to, under a condition that cannot hold. */
  public static final String PRIMING = "guardduty-slack#priming";
  /** Between a finding and the destination it was notified in. */
  static final String TO = "#to=";

  private StateTable() {}

  /**
   * A finding's notifications, in one destination or (without rules) its band's: {@code <account>#<region>#<id>},
   * and {@code #to=<destination>} after it.
   */
  public static String notified(String account, String region, String findingId, Optional<String> destination) {
    return part(account) + "#" + part(region) + "#" + findingId.trim() + destination.map(d -> TO + d).orElse("");
  }

  /**
   * The message the Slack app posted for a finding in one destination, found by the finding's region and id alone
   * (a change made in the console names no account): {@code message#<region>#<id>#<destination>}.
   */
  public static String message(String region, String findingId, String destination) {
    return "message#" + part(region) + "#" + findingId.trim() + "#" + destination;
  }

  /** A storm window: {@code storm#HIGH#2026-11-29T10:05:00Z#5}. */
  public static String window(String destination, Instant start, long minutes) {
    return "storm#" + destination + "#" + start + "#" + minutes;
  }

  /** One item of a window's held-back findings: {@code storm#…#held#3}, and its spills {@code …#held#3#1}. */
  public static String held(String window, int shard, int spill) {
    return held(window, shard + (spill == 0 ? "" : "#" + spill));
  }

  /** As {@link #held(String, int, int)}, with the shard and spill as the window's {@code spills} set lists them. */
  public static String held(String window, String shardAndSpill) {
    return window + "#held#" + shardAndSpill;
  }

  /** One webhook's second, counted across copies: {@code pace#<webhook digest>#<epoch second>}. */
  public static String pace(String webhook, long epochSecond) {
    return "pace#" + webhook + "#" + epochSecond;
  }

  /** A click acted on: {@code triage#<click>}. */
  public static String click(String key) {
    return "triage#" + key;
  }

  private static String part(String value) {
    return value == null || value.isBlank() ? "unknown" : value.trim();
  }
}
