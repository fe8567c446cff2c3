package dev.guarddutyslack.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guarddutyslack.aws.AwsService;
import dev.guarddutyslack.aws.DynamoDb;
import dev.guarddutyslack.aws.StateTable;
import dev.guarddutyslack.testing.Moto;
import dev.guarddutyslack.testing.TestAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Clicks remembered in the stack's table, as moto emulates DynamoDB: one copy acts, every other finds it. */
@ExtendWith(Moto.class)
class DynamoDbReplayGuardIT {
  /** Production allows 500 ms a call; moto serving the whole integration layer at once may take longer. */
  private static final Duration LOADED = Duration.ofSeconds(5);

  private static final Instant NOW = Instant.parse("2026-11-29T10:14:00Z");

  @Test
  void oneOfManyCopiesActsOnAClickAndTheItemExpires() throws Exception {
    String table = "guardduty-slack-triage-" + UUID.randomUUID();
    try (DynamoDbClient dynamo = TestAws.dynamoDb()) {
      TestAws.stateTable(dynamo, table);
      List<String> warnings = new CopyOnWriteArrayList<>();
      ReplayGuard guard = new DynamoDbReplayGuard(new DynamoDb(table, StateTable.KEY,
          TestAws.client(AwsService.DYNAMODB)), Clock.fixed(NOW, ZoneOffset.UTC), warnings::add, LOADED);

      ExecutorService copies = Executors.newFixedThreadPool(4);
      List<Future<Boolean>> firsts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        firsts.add(copies.submit(() -> guard.first("c0ffee", LOADED)));
      }
      int acting = 0;
      for (Future<Boolean> first : firsts) {
        acting += first.get() ? 1 : 0;
      }
      copies.shutdown();
      assertThat(acting).isEqualTo(1);
      assertThat(guard.first("another-click", LOADED)).isTrue();

      var item = dynamo.getItem(b -> b.tableName(table).key(Map.of(StateTable.KEY,
          AttributeValue.fromS("triage#c0ffee")))).item();
      assertThat(item.get(StateTable.EXPIRES).n())
          .isEqualTo(Long.toString(NOW.plus(ReplayGuard.MEMORY).getEpochSecond()));

      guard.forget("c0ffee");
      assertThat(guard.first("c0ffee", LOADED)).as("a failed click is acted on when Slack retries it").isTrue();
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void withoutItsTableAClickIsActedOnAndTheFaultLogged() {
    List<String> warnings = new ArrayList<>();
    ReplayGuard guard = new DynamoDbReplayGuard(new DynamoDb("no-such-table-" + UUID.randomUUID(), StateTable.KEY,
        TestAws.client(AwsService.DYNAMODB)), Clock.systemUTC(), warnings::add, LOADED);
    assertThat(guard.first("c0ffee", LOADED)).isTrue();
    assertThat(warnings).singleElement().asString().contains("acted on").contains("ResourceNotFoundException");
  }
}
