package dev.guarddutyslack.aws;

/**
 * An AWS call that did not succeed: what kind of failure it was ({@link Code}), the service's own error name
 * for the log, and the HTTP status (0 when no answer came). The message names the error, never a credential
 * or a secret.
 */
public final class AwsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * The kinds of failure callers tell apart, each from the services' error names: whether a later call may
   * succeed, and whether it means something is set up wrong (no retry fixes that, and the operator should hear
   * of it once, by name).
   */
  public enum Code {
    /** DynamoDB: the write's condition did not hold (an answer, not a fault). */
    CONDITION_FAILED(false, false, "ConditionalCheckFailedException"),
    /** No such table or secret. */
    NOT_FOUND(false, true, "ResourceNotFoundException"),
    /** The function's role may not do it, or its credentials are not accepted. */
    NOT_PERMITTED(false, true, "AccessDeniedException", "AccessDenied", "UnrecognizedClientException",
        "InvalidSignatureException"),
    /** The secret's KMS key may not be used. */
    DECRYPTION_FAILED(false, true, "DecryptionFailure"),
    /**
     * DynamoDB: the write would take the item past its 400 KB (an answer for the caller, who may write elsewhere;
     * not a fault of the set-up).
     */
    ITEM_TOO_LARGE(false, false),
    /** The request does not fit the resource (a secret without a value, a malformed key). */
    INVALID(false, true, "ValidationException", "InvalidRequestException", "InvalidParameterException",
        "BadRequestException", "InvalidInputException"),
    /** The service asked to slow down. */
    THROTTLED(true, false, "ThrottlingException", "Throttling", "ProvisionedThroughputExceededException",
        "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "TransactionInProgressException"),
    /** The service failed (5xx). */
    SERVICE(true, false),
    /** No answer came in time. */
    TIMEOUT(true, false),
    /** The connection failed. */
    CONNECTION(true, false),
    /** The function's credentials could not be resolved. */
    CREDENTIALS_UNAVAILABLE(true, false),
    /** Anything else the service said. */
    OTHER(false, false);

    private final boolean retryable;
    private final boolean misconfiguration;
    private final java.util.List<String> names;

    Code(boolean retryable, boolean misconfiguration, String... names) {
      this.retryable = retryable;
      this.misconfiguration = misconfiguration;
      this.names = java.util.List.of(names);
    }

    public boolean retryable() {
      return retryable;
    }

    /** Whether it means the resource, or the function's access to it, is set up wrong. */
    public boolean misconfiguration() {
      return misconfiguration;
    }

    /**
     * The kind of an error the service named, given its HTTP status and its message (DynamoDB tells an item past
     * its size from other validation errors by the message alone).
     */
    static Code of(String name, int status, String message) {
      if ("ValidationException".equals(name) && message != null
          && message.matches("(?is).*item size.*exceeded the maximum allowed size.*")) {
        return ITEM_TOO_LARGE;
      }
      return of(name, status);
    }

    /** The kind of an error the service named, given its HTTP status. */
    static Code of(String name, int status) {
      for (Code code : values()) {
        if (code.names.contains(name)) {
          return code;
        }
      }
      return status >= 500 ? SERVICE : OTHER;
    }
  }

  private final Code code;
  private final String name;
  private final int status;
  private final transient Item item;

  /**
   * @param name the service's error name, or what happened when no answer came
   * @param item for a failed condition: the item as it is (DynamoDB sends it back); otherwise empty
   */
  AwsException(Code code, String name, int status, Item item) {
    super(name + (status > 0 ? " (HTTP " + status + ")" : ""));
    this.code = code;
    this.name = name;
    this.status = status;
    this.item = item == null ? Item.EMPTY : item;
  }

  static AwsException of(Code code) {
    return new AwsException(code, code == Code.CREDENTIALS_UNAVAILABLE ? "CredentialsUnavailable"
        : code.name().toLowerCase(java.util.Locale.ROOT), 0, null);
  }

  public Code code() {
    return code;
  }

  /** The service's own name for the error, for the log ({@code ResourceNotFoundException}). */
  public String name() {
    return name;
  }

  /** The HTTP status, 0 when no answer came. */
  public int status() {
    return status;
  }

  public boolean retryable() {
    return code.retryable();
  }

  /** The item as DynamoDB had it when a condition failed; empty otherwise. */
  public Item item() {
    return item;
  }
}
