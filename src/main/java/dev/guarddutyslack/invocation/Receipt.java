package dev.guarddutyslack.invocation;

/**
 * How a record was received: what the queue knows it by ({@code receiptHandle}) and which queue
 * ({@code eventSourceARN}); empty texts where the event did not say (a hand-made batch).
 */
public record Receipt(String messageId, String receiptHandle, String queueArn) {}
