package dev.guarddutyslack.webhooks;

/**
 * Where a destination's messages go: an incoming {@link Webhook}, or a {@link Channel} the Slack app posts to
 * with its bot token. A destination has one or the other, never both. Neither shows a credential in
 * {@link Object#toString()}.
 */
public sealed interface Address permits Webhook, Channel {

  /**
   * What names this address where copies of the function share Slack's pace (one message a second): the same in
   * every copy, and never a credential (a digest of a webhook's URL; a channel's id).
   */
  String paceKey();
}
