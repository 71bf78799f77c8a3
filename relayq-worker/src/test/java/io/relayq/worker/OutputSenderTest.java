package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What stays local: the client points at a port nobody listens on, so any attempt to send would
 * block {@link OutputSender#finish()} in retries.
 */
class OutputSenderTest {
  private WorkerProtocolClient nowhere;
  private OutputSender sender;

  @BeforeEach
  void create() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    nowhere = WorkerProtocolClient.connect(URI.create("http://127.0.0.1:" + port));
    sender = new OutputSender(nowhere, new LeaseRef("j_0q3c5m8x2kd4h7rt", 1), new Reachability("test"), () -> {});
  }

  @AfterEach
  void close() {
    sender.abandon();
    nowhere.close();
  }

  private void write(OutputChannel stream, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    sender.write(stream, b, 0, b.length);
  }

  @Test
  void aShortJobsOutputTravelsInsideTheFinishReport() throws Exception {
    write(OutputChannel.STDOUT, "hel");
    write(OutputChannel.STDERR, "oops\n");
    write(OutputChannel.STDOUT, "lo\n");

    List<OutputChunk> unsent = sender.finish();

    assertThat(unsent).hasSize(2);
    assertThat(unsent.get(0).stream()).isEqualTo(OutputChannel.STDOUT);
    assertThat(unsent.get(0).offset()).isZero();
    assertThat(new String(unsent.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    assertThat(unsent.get(1).stream()).isEqualTo(OutputChannel.STDERR);
    assertThat(new String(unsent.get(1).data(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
  }

  @Test
  void aJobWithoutOutputReportsNoChunks() throws Exception {
    assertThat(sender.finish()).isEmpty();
  }
}
