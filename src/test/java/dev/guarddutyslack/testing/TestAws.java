package dev.guarddutyslack.testing;

import dev.guarddutyslack.aws.AwsCredentials;
import dev.guarddutyslack.aws.AwsJsonClient;
import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.AwsSettings;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.time.Ticker;
import java.util.Map;
import java.util.UUID;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    return new AwsJsonClient(HTTP, TestApp.JSON, new AwsCredentials(), AwsSettings.from(Env.of(Moto.environment())),
        service, Ticker.SYSTEM);
  }

  public static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  public static SqsClient sqs() {
    return SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  public static SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /**
   * What a deployed stack gives the function, on moto: a webhooks secret whose DEFAULT webhook is
   * {@code webhook}, and a deduplication table keyed as the template keys it. Both go on close.
   */
  public static Deployed deployed(String name, String webhook) {
    Deployed deployed = new Deployed("guardduty-slack/" + name + "-" + UUID.randomUUID(),
        "guardduty-slack-" + name + "-" + UUID.randomUUID());
    try (SecretsManagerClient secrets = secretsManager(); DynamoDbClient dynamo = dynamoDb()) {
      secrets.createSecret(b -> b.name(deployed.secretId()).secretString("{\"DEFAULT\":\"" + webhook + "\"}"));
      stateTable(dynamo, deployed.table());
    }
    return deployed;
  }

  /** A table keyed as the template keys the stack's (its key {@code pk}), on moto. */
  public static void stateTable(DynamoDbClient dynamo, String name) {
    dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(KeySchemaElement.builder().attributeName(StateTable.KEY).keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName(StateTable.KEY)
            .attributeType(ScalarAttributeType.S).build()));
  }

  /** A deployed stack's secret and table on moto; see {@link #deployed}. */
  public record Deployed(String secretId, String table) implements AutoCloseable {
    /** The variables the template sets for them. */
    public Map<String, String> environment() {
      return Map.of("WEBHOOKS_SECRET_ID", secretId, "DEDUP_TABLE", table);
    }

    @Override
    public void close() {
      try (SecretsManagerClient secrets = secretsManager(); DynamoDbClient dynamo = dynamoDb()) {
        dynamo.deleteTable(b -> b.tableName(table));
        secrets.deleteSecret(b -> b.secretId(secretId).forceDeleteWithoutRecovery(true));
      }
    }
  }
}
