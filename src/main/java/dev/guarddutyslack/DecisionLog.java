package dev.guarddutyslack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Consumer;

/**
 * Writes one JSON line per finding decision, for CloudWatch Logs Insights. Holds identifiers and outcomes
 * only; webhook URLs never reach it.
 */
public final class DecisionLog {
  private final ObjectMapper mapper;
  private final Consumer<String> sink;

  public DecisionLog(ObjectMapper mapper, Consumer<String> sink) {
    this.mapper = mapper;
    this.sink = sink;
  }

  public void write(Entry entry) {
    try {
      sink.accept(mapper.writeValueAsString(entry));
    } catch (JsonProcessingException e) {
      sink.accept("{\"level\":\"ERROR\",\"message\":\"decision log line could not be written\"}");
    }
  }

  /** Any field may be null and is then left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(
      String level,
      String message,
      String decision,
      String reason,
      String messageId,
      String findingId,
      String findingType,
      Double severity,
      String band,
      String accountId,
      String region,
      Boolean sample,
      Integer slackStatus,
      String slackError,
      Integer attempts,
      Long ms) {}
}
