package dev.guarddutyslack;

import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.config.Config;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * AWS on {@link Moto}'s server, two ways: the project's own client, configured from the same standard
 * variables as in production; and the SDK's service clients, to set up and inspect tables and secrets as
 * an operator would. Both find the server through the SDK's standard settings that {@link Moto} sets.
 */
public final class TestAws {
  private static final OkHttpClient HTTP = new OkHttpClient();

  private TestAws() {}

  /** The project's client for a service, as production builds it, on moto. */
  public static AwsJsonClient client(AwsService service) {
    return new AwsJsonClient(HTTP, TestApp.JSON, new AwsCredentials(), Config.fromEnvironment(Moto.environment()).aws(),
        service);
  }

  public static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  public static SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }
}
