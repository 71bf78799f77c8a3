package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token travels as a bearer header; the coordinator's refusal of it is an {@link AuthException}. */
class BearerTokenTest {
  private HttpServer server;
  private URI url;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "<none>" : auth);
      byte[] body = (status == 200 ? "{\"status\":\"ok\"}"
          : "{\"error\":{\"code\":\"unauthorized\",\"message\":\"token unknown or revoked\"}}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aTokenIsSentAsABearerHeaderWithEveryCall() {
    try (RelayqClient client = RelayqClient.connect(url, "rq_s3cret")) {
      client.health();
      client.health();
    }

    assertThat(authorizations).containsExactly("Bearer rq_s3cret", "Bearer rq_s3cret");
  }

  @Test
  void withoutATokenNoAuthorizationHeaderIsSent() {
    try (RelayqClient client = RelayqClient.connect(url, null); RelayqClient plain = RelayqClient.connect(url)) {
      client.health();
      plain.health();
    }

    assertThat(authorizations).containsExactly("<none>", "<none>");
  }

  @Test
  void workerProtocolCallsCarryTheTokenToo() {
    try (WorkerProtocolClient client = WorkerProtocolClient.connect(url, "rq_worker")) {
      client.goodbye("w1", "inc", false);
    }

    assertThat(authorizations).containsExactly("Bearer rq_worker");
  }

  @Test
  void aRefusedTokenIsAnAuthException() {
    status = 401;
    try (RelayqClient client = RelayqClient.connect(url, "rq_old")) {
      assertThatThrownBy(client::health)
          .isInstanceOfSatisfying(AuthException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.isForbidden()).isFalse();
            assertThat(e.code()).isEqualTo("unauthorized");
          })
          .hasMessage("token unknown or revoked");
    }
  }

  @Test
  void aTokenWithALineBreakIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> RelayqClient.connect(url, "rq_s3cret\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the relayq token has a space, line break or non-ASCII character at position 10 of 10:"
            + " copy it again without surrounding text");
    assertThatThrownBy(() -> RelayqClient.connect(url, ""))
        .hasMessageContaining("the relayq token is empty");
  }
}
