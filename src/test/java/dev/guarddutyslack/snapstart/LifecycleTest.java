package dev.guarddutyslack.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a handler tells of its environment's life: a line when it starts and when it is restored; the checkpoint. */
class LifecycleTest {
  @Test
  void startAndRestoreAreLoggedAndTheCheckpointRunsBetween() {
    List<String> events = new ArrayList<>();
    Checkpoint checkpoint = new Checkpoint(new Checkpoint.Rehearsal() {
      @Override
      public String path() {
        return "nothing";
      }

      @Override
      public int rehearse(LoopbackSlack slack) {
        events.add("rehearse");
        return 0;
      }

      @Override
      public void primeAws() {
        events.add("prime");
      }

      @Override
      public void forget() {
        events.add("forget");
      }
    }, events::add);
    Lifecycle lifecycle = new Lifecycle(checkpoint, events::add);

    lifecycle.started();
    lifecycle.beforeSnapshot();
    lifecycle.restored();

    assertThat(events).containsExactly("started", "rehearse", "prime", "forget", "restored");
    assertThat(lifecycle.checkpoint()).isSameAs(checkpoint);
  }
}
