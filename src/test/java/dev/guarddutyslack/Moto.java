package dev.guarddutyslack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AWS API emulator that {@code .ci/run} starts on a loopback port; the SDK finds it through the standard
 * {@code AWS_ENDPOINT_URL}. Tests that need it are skipped, visibly, where it is not running.
 */
public final class Moto {
  private Moto() {}

  public static void require() {
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    boolean loopback = endpoint != null
        && (endpoint.startsWith("http://127.0.0.1:") || endpoint.startsWith("http://localhost:"));
    if (!loopback) {
      System.out.println("SKIPPED: AWS_ENDPOINT_URL does not point at a loopback moto_server;"
          + " run the tests through .ci/run to include the AWS API tests");
    }
    assumeTrue(loopback, "moto_server on loopback (AWS_ENDPOINT_URL) is required");
  }
}
