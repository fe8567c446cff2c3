package dev.guarddutyslack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * The template's handler under the Lambda Runtime Interface Client ({@link LambdaProcess}), with its loopback
 * Runtime API ({@link RuntimeApi}), as one thing to start, invoke and stop. The function gets the variables
 * given, over what Lambda itself sets for any function.
 */
public final class LambdaHarness implements AutoCloseable {
  private final MockWebServer runtimeServer = MockServers.create();
  private final RuntimeApi api;
  private final LambdaProcess process;

  private LambdaHarness(Map<String, String> variables, long timeoutMillis) {
    api = new RuntimeApi(timeoutMillis);
    runtimeServer.setDispatcher(api);
    try {
      runtimeServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = LambdaProcess.lambdaVariables(Moto.REGION);
    env.putAll(variables);
    process = LambdaProcess.start("127.0.0.1:" + runtimeServer.getPort(), env);
  }

  /** @param timeoutMillis the function timeout each invocation gets (its deadline) */
  public static LambdaHarness start(Map<String, String> variables, long timeoutMillis) {
    return new LambdaHarness(variables, timeoutMillis);
  }

  public static LambdaHarness start(Map<String, String> variables) {
    return start(variables, 30_000);
  }

  /** One invocation, answered or failed within {@code seconds}. */
  public RuntimeApi.Answer invoke(String event, long seconds) throws InterruptedException {
    return api.awaitAnswer(api.invoke(event), seconds);
  }

  public RuntimeApi.Answer invoke(String event) throws InterruptedException {
    return invoke(event, 90);
  }

  /** What the runtime client reported as the function's failure to start, once it has, or empty after 30 s. */
  public String initError() throws InterruptedException {
    for (int i = 0; i < 300 && api.initErrors().isEmpty(); i++) {
      Thread.sleep(100);
    }
    return api.initErrors();
  }

  /** The function's and the runtime client's output so far. */
  public String log() {
    return process.output();
  }

  @Override
  public void close() throws IOException {
    process.close();
    api.shutdown();
    runtimeServer.close();
  }
}
