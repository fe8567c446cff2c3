package dev.guarddutyslack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestAws;
import dev.guarddutyslack.webhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One post per second per webhook across copies, counted in the table as moto emulates DynamoDB. */
@ExtendWith(Moto.class)
class DynamoDbSendSlotsIT {
  private static final Webhook HIGH = Webhook.of("https://hooks.slack.com/services/T0/B0/highSecretToken");
  private static final Webhook LOW = Webhook.of("https://hooks.slack.com/services/T0/B1/lowSecretToken");

  @Test
  void concurrentCopiesGetDistinctSecondsPerWebhookAndTheTableNeverHoldsTheUrl() throws Exception {
    String table = "guardduty-slack-slots-" + UUID.randomUUID();
    try (DynamoDbClient dynamo = TestAws.dynamoDb()) {
      TestAws.stateTable(dynamo, table);
      DynamoDbSendSlots slots = new DynamoDbSendSlots(new DynamoDb(table, StateTable.KEY,
          TestAws.client(AwsService.DYNAMODB)));
      Instant earliest = Instant.parse("2026-11-29T12:00:00.400Z");

      ExecutorService copies = Executors.newFixedThreadPool(4);
      List<Future<Instant>> high = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        high.add(copies.submit(() -> slots.reserve(HIGH, earliest, Duration.ofSeconds(10))));
      }
      List<Instant> seconds = new ArrayList<>();
      for (Future<Instant> slot : high) {
        seconds.add(slot.get());
      }
      copies.shutdown();

      assertThat(seconds).doesNotHaveDuplicates().contains(earliest).containsAll(List.of(
          Instant.parse("2026-11-29T12:00:01Z"), Instant.parse("2026-11-29T12:00:05Z")));
      assertThat(slots.reserve(LOW, earliest, Duration.ofSeconds(10))).as("another webhook's seconds are its own")
          .isEqualTo(earliest);
      String items = dynamo.scan(b -> b.tableName(table)).items().toString();
      assertThat(items).contains("pace#" + HIGH.paceKey()).doesNotContain("SecretToken")
          .doesNotContain("hooks.slack.com");
      dynamo.deleteTable(b -> b.tableName(table));
    }
  }

  @Test
  void whenTheTableCannotAnswerACopyGoesByItsOwnPacing() {
    DynamoDbSendSlots slots = new DynamoDbSendSlots(new DynamoDb("no-such-table-" + UUID.randomUUID(),
        StateTable.KEY, TestAws.client(AwsService.DYNAMODB)));
    Instant earliest = Instant.parse("2026-11-29T12:00:00Z");

    assertThat(slots.reserve(HIGH, earliest, Duration.ofSeconds(5))).isEqualTo(earliest);
  }
}
