package dev.guarddutyslack.aws;

/**
 * An AWS service spoken to with JSON: the AWS JSON protocol (a POST of a JSON body, the operation named in
 * {@code X-Amz-Target}), or REST-JSON (a POST to the operation's path); errors named in the body's
 * {@code __type} or the {@code x-amzn-ErrorType} header.
 *
 * @param signingName the name requests are signed for
 * @param endpointPrefix the first label of the service's regional endpoint
 * @param targetPrefix what precedes the operation in {@code X-Amz-Target}
 * @param contentType the protocol version's media type
 * @param endpointVariable the SDKs' variable that overrides this service's endpoint
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html">AWS JSON 1.0 protocol</a>
 */
public record AwsService(String signingName, String endpointPrefix, String targetPrefix, String contentType,
                         String endpointVariable) {
  public static final AwsService DYNAMODB = new AwsService("dynamodb", "dynamodb", "DynamoDB_20120810",
      "application/x-amz-json-1.0", "AWS_ENDPOINT_URL_DYNAMODB");
  public static final AwsService SECRETS_MANAGER = new AwsService("secretsmanager", "secretsmanager",
      "secretsmanager", "application/x-amz-json-1.1", "AWS_ENDPOINT_URL_SECRETS_MANAGER");
  /** GuardDuty speaks REST-JSON: a path per operation, no target header (its {@code targetPrefix} is null). */
  public static final AwsService GUARDDUTY = new AwsService("guardduty", "guardduty", null, "application/json",
      "AWS_ENDPOINT_URL_GUARDDUTY");
  /** SQS speaks AWS JSON 1.0 too (since 2023): the digest triggers the function sends its own queue. */
  public static final AwsService SQS = new AwsService("sqs", "sqs", "AmazonSQS", "application/x-amz-json-1.0",
      "AWS_ENDPOINT_URL_SQS");
}
