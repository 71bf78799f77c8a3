package io.relayq.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.relayq.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for tests: a JDK HTTP server on 127.0.0.1 that records every request and
 * answers with the statuses it is told (the last one repeats), or never answers until closed.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String contentType, String event, String alertId, JsonNode body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new ArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger answered = new AtomicInteger();
  private final int[] statuses;
  private final boolean hang;

  private WebhookReceiver(boolean hang, int... statuses) {
    this.hang = hang;
    this.statuses = statuses.length == 0 ? new int[] {204} : statuses;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("X-Relayq-Event"),
          exchange.getRequestHeaders().getFirst("X-Relayq-Alert-Id"), Json.mapper().readTree(body)));
      if (hang) {
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int n = answered.getAndIncrement();
      exchange.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
      exchange.close();
    });
    server.start();
  }

  /** Answers every request with these statuses in turn, repeating the last; 204 when none given. */
  static WebhookReceiver answering(int... statuses) {
    return new WebhookReceiver(false, statuses);
  }

  /** Holds every request open until closed: a webhook that hangs. */
  static WebhookReceiver hanging() {
    return new WebhookReceiver(true);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private synchronized void add(Request r) {
    requests.add(r);
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
