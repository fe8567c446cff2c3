package dev.guarddutyslack.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The AWS API emulator for the tests that need Secrets Manager or DynamoDB: {@code moto_server} started by
 * the tests themselves, once per run, on a free loopback port, and stopped when the run ends. The SDK's
 * default chain finds it through the standard system properties ({@code aws.endpointUrl},
 * {@code aws.region}, {@code aws.accessKeyId}); child JVMs get the same as environment variables
 * ({@link #environment()}). Where moto is not installed the tests that need it are skipped, visibly.
 *
 * <p>moto's app is served one request at a time (see {@code src/test/python/moto_server_serial.py}), so
 * that a DynamoDB conditional write is atomic as in DynamoDB.
 *
 * <pre>@ExtendWith(Moto.class) class SomethingOnAwsTest { … }</pre>
 */
public final class Moto implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Moto.class);
  private static final Path SCRIPT = Fixtures.BASE.resolve("src/test/python/moto_server_serial.py");
  private static final Duration START_TIME = Duration.ofSeconds(30);
  /** Region and placeholder credentials: moto accepts any, and nothing here may reach real AWS. */
  public static final String REGION = "eu-west-1";
  private static volatile Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    Server started = context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(Server.class, k -> Server.start(), Server.class);
    if (started.endpoint == null) {
      System.out.println("SKIPPED: " + context.getDisplayName() + " needs moto_server (" + started.why
          + "); install it with: pip install 'moto[server]'");
    }
    server = started;
  }

  /** Skips each test (so that it is counted as skipped) where the server could not start. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Server s = server;
    assumeTrue(s != null && s.endpoint != null, () -> "moto_server is not available: " + (s == null ? "" : s.why));
  }

  /**
   * Starts the server outside JUnit (for the benchmark), once per JVM; stopped when the JVM exits.
   *
   * @return its endpoint, or empty with the reason printed where moto is not installed
   */
  public static synchronized java.util.Optional<String> startForTools() {
    if (server == null) {
      server = Server.start();
      if (server.endpoint == null) {
        System.out.println("moto_server is not available: " + server.why);
      }
    }
    return java.util.Optional.ofNullable(server.endpoint);
  }

  /** The loopback endpoint of the running server. */
  public static String endpoint() {
    Server s = server;
    if (s == null || s.endpoint == null) {
      throw new IllegalStateException("moto_server is not running: annotate the test class with @ExtendWith(Moto.class)");
    }
    return s.endpoint;
  }

  /** The standard AWS variables that point a child process's SDK at the server. */
  public static Map<String, String> environment() {
    return Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_REGION", REGION, "AWS_DEFAULT_REGION", REGION,
        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
  }

  /** A running moto_server, or why there is none; stopped when the root store closes at the end of the run. */
  private static final class Server implements AutoCloseable {
    final Process process;
    final String endpoint;
    final String why;

    private Server(Process process, String endpoint, String why) {
      this.process = process;
      this.endpoint = endpoint;
      this.why = why;
    }

    static Server start() {
      java.util.Optional<String> python = Tools.motoPython();
      if (python.isEmpty()) {
        return new Server(null, null, "neither moto_server on the PATH nor python3 has moto's server");
      }
      try {
        int port = freePort();
        Path log = Files.createTempFile("moto-server", ".log");
        Process process = new ProcessBuilder(python.get(), SCRIPT.toString(), String.valueOf(port))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String endpoint = "http://127.0.0.1:" + port;
        long until = System.nanoTime() + START_TIME.toNanos();
        while (System.nanoTime() < until) {
          if (!process.isAlive()) {
            return new Server(null, null, "moto_server exited at start: " + Files.readString(log).strip());
          }
          if (answers(endpoint + "/moto-api/")) {
            System.setProperty("aws.endpointUrl", endpoint);
            System.setProperty("aws.region", REGION);
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "moto-server-stop"));
            return new Server(process, endpoint, null);
          }
          Thread.sleep(100);
        }
        process.destroyForcibly();
        return new Server(null, null, "moto_server did not answer within " + START_TIME.toSeconds() + " s");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      if (process == null) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean answers(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      int code = connection.getResponseCode();
      connection.disconnect();
      return code == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
