package dev.guarddutyslack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The stack floor: the same job done minimally with the stack's required libraries, as the benchmark's
 * reference for a cold start. It streams the SQS batch's first event with jackson-core, writes a
 * one-section Block Kit message with a {@code JsonGenerator} and posts it with OkHttp. In the deployed
 * configuration ({@code WEBHOOKS_SECRET_ID} and {@code DEDUP_TABLE} set) it also reads the webhook from the
 * secret and makes one DynamoDB conditional write, with the AWS SDK v2's clients (URL connection HTTP
 * client, default configuration chains).
 */
public final class StackFloorHandler implements RequestStreamHandler {
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType MEDIA = MediaType.get("application/json; charset=utf-8");

  private final Map<String, String> env = System.getenv();
  private final OkHttpClient http = new OkHttpClient();
  private final Aws aws = env.get("WEBHOOKS_SECRET_ID") != null && env.get("DEDUP_TABLE") != null
      ? new Aws(env) : null;

  /** The deployed configuration's SDK clients; a class of its own, so that the other configuration loads none. */
  private static final class Aws {
    private final Map<String, String> env;
    private final SecretsManagerClient secrets =
        SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    private final DynamoDbClient dynamoDb =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();

    Aws(Map<String, String> env) {
      this.env = env;
    }

    String webhook() throws IOException {
      return field(secrets.getSecretValue(b -> b.secretId(env.get("WEBHOOKS_SECRET_ID"))).secretString(), "DEFAULT");
    }

    void claim(String id) {
      dynamoDb.putItem(b -> b.tableName(env.get("DEDUP_TABLE"))
          .item(Map.of("pk", AttributeValue.builder().s(id).build()))
          .conditionExpression("attribute_not_exists(pk)"));
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Map<String, String> finding = finding(firstBody(input));
    String webhook;
    if (aws != null) {
      webhook = aws.webhook();
      aws.claim(finding.get("id"));
    } else {
      webhook = env.get("SLACK_WEBHOOK_URL");
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(message)) {
      g.writeStartObject();
      g.writeStringField("text", "GuardDuty " + finding.get("severity") + ": " + finding.get("title"));
      g.writeArrayFieldStart("blocks");
      g.writeStartObject();
      g.writeStringField("type", "section");
      g.writeObjectFieldStart("text");
      g.writeStringField("type", "mrkdwn");
      g.writeStringField("text", finding.get("title") + " (" + finding.get("id") + ")");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    try (Response response = http.newCall(new Request.Builder().url(webhook)
        .post(RequestBody.create(message.toByteArray(), MEDIA)).build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("Slack answered " + response.code());
      }
    }
    try (JsonGenerator g = JSON.createGenerator(output)) {
      g.writeStartObject();
      g.writeArrayFieldStart("batchItemFailures");
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** The first SQS record's body, streamed. */
  private static String firstBody(InputStream input) throws IOException {
    try (JsonParser p = JSON.createParser(input)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "body".equals(p.currentName())) {
          p.nextToken();
          return p.getText();
        }
      }
    }
    throw new IOException("no body");
  }

  /** The detail's id, severity and title, streamed. */
  private static Map<String, String> finding(String event) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (JsonParser p = JSON.createParser(event)) {
      int depth = 0;
      boolean inDetail = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
          inDetail = inDetail && depth >= 2;
        } else if (t == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          if (depth == 1 && name.equals("detail")) {
            inDetail = true;
          } else if (inDetail && depth == 2 && (name.equals("id") || name.equals("severity") || name.equals("title"))) {
            p.nextToken();
            out.put(name, p.getText());
          }
        }
      }
    }
    return out;
  }

  private static String field(String json, String name) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && name.equals(p.currentName())) {
          p.nextToken();
          return p.getText();
        }
      }
    }
    throw new IOException("no " + name);
  }
}
