package dev.guarddutyslack;

import dev.guarddutyslack.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Runs in a child JVM: the handler as Lambda builds it (from this process's environment), SnapStart's
 * checkpoint hooks as a snapshot would run them, then invocations, each timed. Prints the checkpoint hook's time
 * and the invocations' times in microseconds, a line each, for {@link Benchmarks} to read.
 */
public final class RestoreProbe {
  private RestoreProbe() {}

  /** @param args the number of invocations, and a file holding an SQS batch whose finding id is {@code __ID__} */
  public static void main(String[] args) throws Exception {
    int invocations = Integer.parseInt(args[0]);
    String batch = Files.readString(Path.of(args[1]));
    FindingHandler handler = new FindingHandler();
    long hook = System.nanoTime();
    handler.beforeCheckpoint(null);
    System.out.println("CHECKPOINT-MICROS " + (System.nanoTime() - hook) / 1000);
    handler.afterRestore(null);
    StringJoiner times = new StringJoiner(" ");
    for (int i = 0; i < invocations; i++) {
      if (i > 0) {
        // Findings arrive apart; Slack's one-message-a-second pacing must not be what is measured.
        Thread.sleep(1100);
      }
      byte[] input = batch.replace("__ID__", UUID.randomUUID().toString().replace("-", ""))
          .getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long start = System.nanoTime();
      handler.handleRequest(new ByteArrayInputStream(input), out, new TestContext(30_000));
      long micros = (System.nanoTime() - start) / 1000;
      if (!out.toString(StandardCharsets.UTF_8).equals("{\"batchItemFailures\":[]}")) {
        throw new IllegalStateException("not delivered: " + out.toString(StandardCharsets.UTF_8));
      }
      times.add(Long.toString(micros));
    }
    System.out.println("RESTORE-TIMES " + times);
  }
}
