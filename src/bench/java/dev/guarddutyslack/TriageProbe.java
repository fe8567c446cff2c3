package dev.guarddutyslack;

import dev.guarddutyslack.testing.TestContext;
import dev.guarddutyslack.triage.SlackSignature;
import dev.guarddutyslack.buttons.ButtonKeys;
import dev.guarddutyslack.buttons.ButtonValue;
import dev.guarddutyslack.guardduty.FindingRef;
import dev.guarddutyslack.guardduty.Severity;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;

/**
 * Runs in a child JVM: the triage function as Lambda builds it (from this process's environment, with
 * GuardDuty and Slack's {@code response_url} on loopback), SnapStart's checkpoint hooks as a snapshot would run
 * them, then signed clicks on Archive, each timed from the Function URL event in to the answer out (the
 * GuardDuty call and the message's replacement included). Prints the constructor's time and the clicks' times
 * in microseconds, for {@link Benchmarks} to read.
 */
public final class TriageProbe {
  private TriageProbe() {}

  /**
   * @param args the number of clicks, the {@code response_url} to give them, and {@code snapstart} to run the
   *     checkpoint hooks first (else the first click is a cold start's, as where SnapStart is not offered)
   */
  public static void main(String[] args) throws Exception {
    int clicks = Integer.parseInt(args[0]);
    String responseUrl = args[1];
    String secret = System.getenv("SLACK_SIGNING_SECRET");
    long init = System.nanoTime();
    TriageHandler handler = new TriageHandler();
    long initMicros = (System.nanoTime() - init) / 1000;
    if (args.length > 2 && args[2].equals("snapstart")) {
      long hook = System.nanoTime();
      handler.beforeCheckpoint(null);
      System.out.println("CHECKPOINT-MICROS " + (System.nanoTime() - hook) / 1000);
      handler.afterRestore(null);
    }
    // A button as the notifier makes it: bound to its finding by the key both functions read.
    String button = ButtonValue.write(FindingRef.of("111122223333", "eu-west-1", "5cb2b1e3f0a34d3bb5c1a2e3f4a5b6c7",
        "d60c8da498e65e3091c69055272e2fbc", Severity.HIGH, "Recon:EC2/PortProbeUnprotectedPort").orElseThrow(),
        ButtonKeys.of(System.getenv("TRIAGE_BUTTON_KEY")).current(Duration.ZERO));
    StringJoiner times = new StringJoiner(" ");
    for (int i = 0; i < clicks; i++) {
      String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"" + System.getenv("SLACK_TEAM_ID") + "\"},"
          + "\"user\":{\"id\":\"" + System.getenv("TRIAGE_USERS") + "\"},\"response_url\":\"" + responseUrl + "\","
          + "\"actions\":[{\"action_id\":\"archive\",\"action_ts\":\"1767225600." + i + "\",\"value\":\""
          + button + "\"}],"
          + "\"message\":{\"text\":\"finding\",\"attachments\":[{\"color\":\"#B30000\",\"blocks\":[{\"type\":\"section\","
          + "\"text\":{\"type\":\"mrkdwn\",\"text\":\"finding\",\"verbatim\":true}},{\"type\":\"actions\",\"elements\":[]}]}]}}";
      String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
      String timestamp = Long.toString(System.currentTimeMillis() / 1000);
      String event = "{\"version\":\"2.0\",\"headers\":{\"x-slack-request-timestamp\":\"" + timestamp
          + "\",\"x-slack-signature\":\"" + SlackSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8))
          + "\"},\"requestContext\":{\"http\":{\"method\":\"POST\"}},\"isBase64Encoded\":true,\"body\":\""
          + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\"}";
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long start = System.nanoTime();
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
          new TestContext(10_000));
      long micros = (System.nanoTime() - start) / 1000;
      if (!out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
        throw new IllegalStateException("not answered 200: " + out.toString(StandardCharsets.UTF_8));
      }
      times.add(Long.toString(micros));
    }
    System.out.println("TRIAGE-INIT " + initMicros);
    System.out.println("TRIAGE-TIMES " + times);
  }
}
