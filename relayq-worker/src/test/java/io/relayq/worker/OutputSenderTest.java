package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stays local: the client points at a port nobody listens on, as when the coordinator is
 * down, so sends fail and everything waits in the spool.
 */
class OutputSenderTest {
  private static final LeaseRef LEASE = new LeaseRef("j_0q3c5m8x2kd4h7rt", 1);
  @TempDir Path spoolDir;
  private WorkerProtocolClient nowhere;
  private OutputSender sender;

  @BeforeEach
  void create() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    nowhere = WorkerProtocolClient.connect(URI.create("http://127.0.0.1:" + port));
    sender = sender(WorkerConfig.DEFAULT_SPOOL_MAX_BYTES);
  }

  private OutputSender sender(long spoolMaxBytes) {
    OutputSpool spool = new OutputSpool(spoolDir, new SpoolBudget(spoolMaxBytes, spoolDir.toString()));
    return new OutputSender(nowhere, LEASE, spool, new Reachability(() -> "test"), () -> {});
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

    SpooledOutput rest = sender.finish();

    assertThat(rest.disk()).isEmpty();
    assertThat(rest.tail()).hasSize(2);
    assertThat(rest.tail().get(0).stream()).isEqualTo(OutputChannel.STDOUT);
    assertThat(rest.tail().get(0).offset()).isZero();
    assertThat(new String(rest.tail().get(0).data(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    assertThat(rest.tail().get(1).stream()).isEqualTo(OutputChannel.STDERR);
    assertThat(new String(rest.tail().get(1).data(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
    assertThat(filesIn(spoolDir)).as("a short job's output never touches the disk").isZero();
  }

  @Test
  void aJobWithoutOutputReportsNoChunks() throws Exception {
    SpooledOutput rest = sender.finish();

    assertThat(rest.tail()).isEmpty();
    assertThat(rest.disk()).isEmpty();
  }

  @Test
  void outputTheCoordinatorDoesNotTakeGoesToDiskAndComesBackByteExactBeforeTheTail() throws Exception {
    byte[] data = new byte[10 * 1024 * 1024 + 123];
    new Random(3).nextBytes(data);
    for (int at = 0; at < data.length; at += 65536) {
      sender.write(OutputChannel.STDOUT, data, at, Math.min(65536, data.length - at));
    }

    SpooledOutput rest = sender.finish();
    rest.force();

    assertThat(filesIn(spoolDir)).as("4 MiB files").isGreaterThanOrEqualTo(3);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    StreamSegments disk = rest.disk().getFirst();
    assertThat(disk.start()).isZero();
    while (disk.size() > 0) {
      OutputChunk c = disk.peek(OutputSender.MAX_REQUEST);
      assertThat(c.offset()).isEqualTo(back.size());
      back.writeBytes(c.data());
      disk.consume(c.data().length);
    }
    OutputChunk tail = rest.tail().getFirst();
    assertThat(tail.offset()).isEqualTo(back.size());
    assertThat(tail.data().length).isLessThanOrEqualTo(StreamSpool.MEMORY_LIMIT);
    back.writeBytes(tail.data());
    assertThat(back.toByteArray()).isEqualTo(data);
    assertThat(filesIn(spoolDir)).as("delivered files are deleted").isZero();
  }

  @Test
  void aJobBlocksOnItsWritesWhileTheSpoolIsFull() throws Exception {
    sender.abandon();
    sender = sender(WorkerConfig.MIN_SPOOL_MAX_BYTES);
    byte[] chunk = new byte[64 * 1024];
    Thread job = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < 100; i++) {
        sender.write(OutputChannel.STDOUT, chunk, 0, chunk.length);
      }
    });

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(job::isAlive);
    assertThat(sizeOf(spoolDir)).isLessThanOrEqualTo(WorkerConfig.MIN_SPOOL_MAX_BYTES);

    sender.abandon();
    await().atMost(Duration.ofSeconds(5)).until(() -> !job.isAlive());
  }

  private static long filesIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static long sizeOf(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
