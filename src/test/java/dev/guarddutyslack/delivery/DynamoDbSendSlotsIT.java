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
import java.util.Optional;
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
      Instant latest = earliest.plusSeconds(30);
      List<Future<Optional<Instant>>> high = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        high.add(copies.submit(() -> slots.reserve(HIGH, earliest, latest, Duration.ofSeconds(10))));
      }
      List<Instant> seconds = new ArrayList<>();
      for (Future<Optional<Instant>> slot : high) {
        seconds.add(slot.get().orElseThrow());
      }
      copies.shutdown();

      assertThat(seconds).doesNotHaveDuplicates().contains(earliest).containsAll(List.of(
          Instant.parse("2026-11-29T12:00:01Z"), Instant.parse("2026-11-29T12:00:05Z")));
      assertThat(slots.reserve(LOW, earliest, latest, Duration.ofSeconds(10))).as("another webhook's seconds are its own")
          .contains(earliest);
      // Six seconds taken (:00 to :05): a post that can wait only until :03 gets none, and takes none.
      assertThat(slots.reserve(HIGH, earliest, Instant.parse("2026-11-29T12:00:03.900Z"), Duration.ofSeconds(10)))
          .isEmpty();
      assertThat(slots.reserve(HIGH, earliest, latest, Duration.ofSeconds(10)))
          .as("the first free second is still free").contains(Instant.parse("2026-11-29T12:00:06Z"));
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

    assertThat(slots.reserve(HIGH, earliest, earliest.plusSeconds(30), Duration.ofSeconds(5))).contains(earliest);
  }
}
