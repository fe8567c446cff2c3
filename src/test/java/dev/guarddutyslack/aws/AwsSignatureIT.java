package dev.guarddutyslack.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guarddutyslack.aws.AwsSettings;
import dev.guarddutyslack.config.Env;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestApp;
import dev.guarddutyslack.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Our requests' signatures, checked by a server that verifies them: moto with authentication switched on
 * ({@code /moto-api/reset-auth}) recomputes each request's SigV4 signature with botocore and refuses one
 * that does not match. A key that moto's IAM issued must work; the same key with a wrong secret must not.
 */
@ExtendWith(Moto.class)
@Isolated("it turns on moto's IAM checks for every request while it runs: any other test's would be refused")
class AwsSignatureIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String post(String path, String contentType, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Moto.endpoint() + path))
        .header("Content-Type", contentType)
        // moto routes a request by its credential scope; before authentication is on, it checks nothing else.
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, "
            + "SignedHeaders=host, Signature=0")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** An IAM Query API call, before authentication is on (moto takes it unsigned then). */
  private static String iam(String action, String... parameters) throws IOException, InterruptedException {
    StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i < parameters.length; i += 2) {
      form.append('&').append(parameters[i]).append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
    }
    return post("/", "application/x-www-form-urlencoded", form.toString());
  }

  private static String between(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
    assertThat(m.find()).as(tag + " in " + xml).isTrue();
    return m.group(1);
  }

  private static AwsJsonClient client(String accessKey, String secretKey) {
    return new AwsJsonClient(new OkHttpClient(), TestApp.JSON,
        AwsCredentials.of(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))),
        AwsSettings.from(Env.of(Moto.environment())), AwsService.DYNAMODB, Ticker.SYSTEM);
  }

  @Test
  void signaturesAreVerifiedByAServerThatChecksThem() throws Exception {
    String user = "signature-test-" + UUID.randomUUID();
    iam("CreateUser", "UserName", user);
    iam("PutUserPolicy", "UserName", user, "PolicyName", "all", "PolicyDocument",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    String key = iam("CreateAccessKey", "UserName", user);
    String accessKey = between(key, "AccessKeyId");
    String secretKey = between(key, "SecretAccessKey");
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    post("/moto-api/reset-auth", "text/plain", "0");
    try {
      assertThat(client(accessKey, secretKey).call("ListTables", body, Duration.ofSeconds(5)).has("TableNames"))
          .as("a correctly signed request is accepted").isTrue();
      assertThatThrownBy(() -> client(accessKey, secretKey + "x").call("ListTables", body, Duration.ofSeconds(5)))
          .as("a request signed with the wrong secret is refused")
          .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.status()).isIn(400, 403));
    } finally {
      post("/moto-api/reset-auth", "text/plain", "inf");
    }
  }
}
