package dev.guarddutyslack.delivery;

/** A message Slack accepted: its status and how many attempts it took. */
public record Delivery(int status, int attempts) {}
