package dev.guarddutyslack.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Serialises a message into the JSON body posted to a webhook. */
public final class MessageWriter {
  private final ObjectMapper mapper;

  public MessageWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** @throws IllegalStateException when the message cannot be written (never for a message built by Block) */
  public byte[] write(SlackMessage message) {
    try {
      return mapper.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the message could not be serialised", e);
    }
  }
}
