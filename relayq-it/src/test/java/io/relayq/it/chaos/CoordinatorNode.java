package io.relayq.it.chaos;

import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code relayq server} as a child JVM on a fixed loopback port over {@code dataDir/relayq.db}, so
 * a test can SIGKILL it and start it again where workers and clients expect it.
 */
final class CoordinatorNode implements AutoCloseable {
  private final ChildJvm jvm;
  private final URI url;
  private final Path dataDir;

  private CoordinatorNode(ChildJvm jvm, URI url, Path dataDir) {
    this.jvm = jvm;
    this.url = url;
    this.dataDir = dataDir;
  }

  /** Starts a coordinator on a free port with its data in {@code dir/data} and waits until it is ready. */
  static CoordinatorNode start(Path dir) {
    return start(dir, dir.resolve("data"));
  }

  /** Starts a coordinator on a free port with its data in {@code data} and waits until it is ready. */
  static CoordinatorNode start(Path dir, Path data) {
    int port = freePort();
    ChildJvm jvm = ChildJvm.of("coordinator", dir.resolve("coordinator-home"),
        List.of("server", "--port", Integer.toString(port), "--data", data.toString()));
    CoordinatorNode node = new CoordinatorNode(jvm, URI.create("http://127.0.0.1:" + port), data);
    node.restart();
    return node;
  }

  /**
   * Starts {@code relayq server --db DB_URL} named {@code name} on a free port, with its home and
   * log under {@code dir/name}, and waits until it is ready. Several may share one database.
   */
  static CoordinatorNode onDatabase(Path dir, String name, String dbUrl) {
    int port = freePort();
    Path data = dir.resolve(name).resolve("data");
    ChildJvm jvm = ChildJvm.of(name, dir.resolve(name),
        List.of("server", "--port", Integer.toString(port), "--data", data.toString(), "--db", dbUrl));
    CoordinatorNode node = new CoordinatorNode(jvm, URI.create("http://127.0.0.1:" + port), data);
    node.restart();
    return node;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return url;
  }

  /**
   * The admin token the coordinator's first start wrote to its user's {@code ~/.relayq/token}, read
   * from there the way the relayq tools of that user find it.
   */
  String adminToken() {
    try {
      return Files.readString(jvm.home().resolve(".relayq").resolve("token")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("the coordinator wrote no token file; log:\n" + jvm.log(), e);
    }
  }

  /** The token the workers of a test use. */
  String workerToken() {
    return adminToken();
  }

  Path dataDir() {
    return dataDir;
  }

  Path dbFile() {
    return dataDir.resolve("relayq.db");
  }

  ChildJvm jvm() {
    return jvm;
  }

  /** SIGKILL: the coordinator gets no chance to finish anything. */
  void kill() {
    jvm.kill();
  }

  /** Starts it again on the same port and data, and waits until it answers {@code /healthz}. */
  void restart() {
    jvm.start();
    awaitReady(Duration.ofSeconds(30));
  }

  /** Waits until {@code /healthz} answers: the store is open and the HTTP server listens. */
  void awaitReady(Duration atMost) {
    try (RelayqClient probe = RelayqClient.connect(url)) {
      await("coordinator ready at " + url).atMost(atMost).pollInterval(Duration.ofMillis(50))
          .until(() -> !jvm.isAlive() || answers(probe));
    }
    if (!jvm.isAlive()) {
      throw new AssertionError("the coordinator exited at start; log:\n" + jvm.log());
    }
  }

  private static boolean answers(RelayqClient probe) {
    try {
      probe.health();
      return true;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /** SIGTERM and waits for it to exit, so the store is closed cleanly and can be opened by the test. */
  void stop() {
    if (jvm.isAlive()) {
      jvm.terminate();
      jvm.awaitExit(30);
    }
  }

  @Override
  public void close() {
    jvm.kill();
  }
}
