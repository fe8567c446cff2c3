package dev.guarddutyslack.snapstart;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack on the loopback interface, for a rehearsal: answers every request with {@code 200 ok}, as an incoming
 * webhook and a {@code response_url} do, and counts them. The JDK's own HTTP server, so that nothing here parses
 * HTTP by hand; the answer is one write (head and body together), so that no request waits on a delayed
 * acknowledgement.
 */
public final class LoopbackSlack implements AutoCloseable {
  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final AtomicInteger received = new AtomicInteger();

  private LoopbackSlack(HttpServer server) {
    this.server = server;
  }

  /** Starts one on a free loopback port. */
  public static LoopbackSlack start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("no loopback port for the rehearsal", e);
    }
    LoopbackSlack slack = new LoopbackSlack(server);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        slack.received.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, OK.length);
        exchange.getResponseBody().write(OK);
      }
    });
    server.start();
    return slack;
  }

  /** A URL on this Slack: {@code /services/rehearsal} for a webhook, a folder for {@code response_url}s. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How many requests it answered. */
  public int received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
