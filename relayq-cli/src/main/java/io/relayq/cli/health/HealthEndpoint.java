package io.relayq.cli.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.relayq.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny HTTP server for liveness probes, on the JDK's own server so a worker starts no web
 * framework: {@code GET /healthz} answers 200 while the check passes and 503 with the reason
 * otherwise, both as JSON ({@code {"status": "stalled", "reason": "...", "detail": {...}}}). Other
 * paths are 404, other methods 405.
 *
 * <p>It answers on a platform thread of its own, for the same reason as the {@link Watchdog}.
 */
public final class HealthEndpoint implements AutoCloseable {
  /** The one path served. */
  public static final String PATH = "/healthz";

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicReference<HealthCheck> check;

  private HealthEndpoint(HttpServer server, ExecutorService executor, AtomicReference<HealthCheck> check) {
    this.server = server;
    this.executor = executor;
    this.check = check;
  }

  /**
   * Listens on {@code bind:port} ({@code port} 0 picks a free one) and answers with {@code initial}
   * until {@link #serve} swaps in another check.
   *
   * @throws IOException when the address cannot be listened on (port in use, no such address)
   */
  public static HealthEndpoint start(String bind, int port, HealthCheck initial) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 8);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
        .name("relayq-health").unstarted(r));
    AtomicReference<HealthCheck> check = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    HealthEndpoint endpoint = new HealthEndpoint(server, executor, check);
    server.createContext("/", endpoint::handle);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  /** Answers with {@code next} from now on. */
  public void serve(HealthCheck next) {
    check.set(Objects.requireNonNull(next, "next"));
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        respond(exchange, 404, Map.of("status", "not_found", "reason", "only " + PATH + " is served here"));
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, Map.of("status", "method_not_allowed", "reason", method + " is not allowed on " + PATH));
        return;
      }
      Verdict v = check.get().check();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", v.status());
      if (!v.healthy()) {
        body.put("reason", v.reason());
      }
      if (v.detail() != null) {
        body.put("detail", v.detail());
      }
      respond(exchange, v.healthy() ? 200 : 503, body);
    }
  }

  private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
    byte[] bytes;
    try {
      bytes = (Json.mapper().writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      bytes = ("{\"status\":\"internal\",\"reason\":\"cannot write the health report\"}\n").getBytes(StandardCharsets.UTF_8);
      status = 500;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
