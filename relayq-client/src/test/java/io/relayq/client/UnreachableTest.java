package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UnreachableTest {

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRefusedConnectionSaysWhereAndHowToStartTheCoordinator() throws Exception {
    int port = closedPort();
    try (RelayqClient client = RelayqClient.connect(URI.create("http://127.0.0.1:" + port + "/"))) {
      assertThatThrownBy(client::health)
          .isInstanceOf(UnreachableException.class)
          .hasMessage("cannot reach relayq at http://127.0.0.1:" + port
              + " (connection refused): is the coordinator running? start it with: relayq up");
    }
  }

  @Test
  void workerCallsFailTheSameWay() throws Exception {
    int port = closedPort();
    try (WorkerProtocolClient client = WorkerProtocolClient.connect(URI.create("http://127.0.0.1:" + port))) {
      assertThatThrownBy(() -> client.goodbye("w1", "i", false))
          .isInstanceOf(UnreachableException.class)
          .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((RelayqException) e).code()).isEqualTo("unreachable"));
    }
  }
}
