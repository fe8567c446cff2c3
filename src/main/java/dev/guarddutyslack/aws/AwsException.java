package dev.guarddutyslack.aws;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An AWS call that did not succeed: the service's error code ({@code ConditionalCheckFailedException},
 * {@code ResourceNotFoundException}, …), or {@code timeout} / {@code connection} when no answer came, and
 * whether a later retry could succeed. The message names the code, never a credential or a secret.
 */
public final class AwsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final boolean retryable;
  private final transient JsonNode body;

  public AwsException(int status, String code, boolean retryable, JsonNode body) {
    super(code + (status > 0 ? " (HTTP " + status + ")" : ""));
    this.status = status;
    this.code = code;
    this.retryable = retryable;
    this.body = body;
  }

  /** The HTTP status, 0 when no answer came. */
  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The error's body (DynamoDB puts the current item there for a failed condition); may be missing. */
  public JsonNode body() {
    return body;
  }
}
