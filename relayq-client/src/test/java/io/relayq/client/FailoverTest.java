package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls over real HTTP to several coordinators, some down, some answering 503. */
class FailoverTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    servers.forEach(s -> s.stop(0));
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  /** A coordinator that answers every call with {@code status} and counts the calls. */
  private URI coordinator(int status, AtomicInteger calls) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      calls.incrementAndGet();
      byte[] body = (status == 503
          ? "{\"error\":{\"code\":\"store_unavailable\",\"message\":\"the store cannot answer now\"}}"
          : "{\"workers\":[]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A port nothing listens on: connections are refused. */
  private static URI down() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }

  /** Accepts connections, reads the request, and closes without a reply: a coordinator killed mid-call. */
  private URI dropsEveryCall(AtomicInteger calls) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(listener);
    Thread.ofVirtual().start(() -> {
      while (!listener.isClosed()) {
        try (Socket s = listener.accept()) {
          calls.incrementAndGet();
          s.getInputStream().read(new byte[8192]);
        } catch (IOException e) {
          return;
        }
      }
    });
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  @Test
  void aCallGoesOnToTheNextCoordinatorWhenOneIsDownAndStaysThere() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    URI dead = down();
    URI live = coordinator(200, calls);
    try (RelayqClient client = RelayqClient.connect(List.of(dead, live), null)) {
      assertThat(client.workers().workers()).isEmpty();
      assertThat(client.server()).isEqualTo(live.toString());

      client.workers();
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void a503MovesTheCallToTheNextCoordinator() throws Exception {
    AtomicInteger unavailable = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    URI degraded = coordinator(503, unavailable);
    URI healthy = coordinator(200, answered);
    try (RelayqClient client = RelayqClient.connect(List.of(degraded, healthy), null)) {
      client.workers();
      client.workers();
    }

    assertThat(unavailable).hasValue(1);
    assertThat(answered).hasValue(2);
  }

  @Test
  void whenEveryCoordinatorAnswers503TheCallFailsWithTheirMessage() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (RelayqClient client = RelayqClient.connect(List.of(coordinator(503, calls), coordinator(503, calls)), null)) {
      assertThatThrownBy(client::workers).isInstanceOf(ServerUnavailableException.class)
          .hasMessage("the store cannot answer now");
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void whenNoCoordinatorAnswersTheErrorNamesThemAll() throws Exception {
    URI a = down();
    URI b = down();
    try (RelayqClient client = RelayqClient.connect(List.of(a, b), null)) {
      assertThatThrownBy(client::workers).isInstanceOf(UnreachableException.class)
          .hasMessageContaining(a + " or " + b)
          .hasMessageContaining("connection refused")
          .hasMessageContaining("none of the 2 coordinators answered");
    }
  }

  @Test
  void aCallCutAfterItWasSentIsNotRepeatedElsewhereButTheNextCallMovesOn() throws Exception {
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    URI dying = dropsEveryCall(dropped);
    URI other = coordinator(200, answered);
    try (RelayqClient client = RelayqClient.connect(List.of(dying, other), null)) {
      assertThatThrownBy(() -> client.submit(io.relayq.core.JobSubmission.ofCommand("true")))
          .isInstanceOf(UnreachableException.class).hasMessageContaining(dying.toString());
      assertThat(answered).as("a submit that may have been done is not sent again").hasValue(0);

      client.workers();
    }
    assertThat(answered).hasValue(1);
  }

  @Test
  void workersFailOverTheSameWay() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    URI dead = down();
    URI live = coordinator(200, calls);
    try (WorkerProtocolClient client = WorkerProtocolClient.connect(List.of(dead, live), null)) {
      client.goodbye("w1", "inc-1", true);

      assertThat(client.server()).isEqualTo(live.toString());
      assertThat(client.servers()).isEqualTo(dead + "," + live);
    }
    assertThat(calls).hasValue(1);
  }
}
