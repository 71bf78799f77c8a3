package io.relayq.it;

import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.coordinator.TestCertificates;
import io.relayq.coordinator.TlsIdentity;
import io.relayq.core.api.WorkerView;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.JobStore;
import io.relayq.store.TokenIssuer;
import io.relayq.store.sqlite.SqliteJobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A real relayq cluster for one test: a coordinator over real HTTP on a free port with a real
 * SQLite file, and worker agents each running as its own JVM, so a test can SIGKILL them. The
 * client holds an admin token, the workers a worker token, both made the way
 * {@code relayq token create} makes them.
 */
final class Cluster implements AutoCloseable {
  private final Path dir;
  private final JobStore store;
  private final Coordinator coordinator;
  private final RelayqClient client;
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final String adminToken;
  private final String workerToken;

  private Cluster(Path dir, JobStore store, Coordinator coordinator, String adminToken, String workerToken,
      RelayqClient client) {
    this.dir = dir;
    this.store = store;
    this.coordinator = coordinator;
    this.adminToken = adminToken;
    this.workerToken = workerToken;
    this.client = client;
  }

  static Cluster start(Path dir) {
    return start(dir, CoordinatorConfig.defaults());
  }

  /** A cluster whose coordinator runs with {@code config} (on a free port whatever it says). */
  static Cluster start(Path dir, CoordinatorConfig config) {
    JobStore store = SqliteJobStore.open(dir.resolve("relayq.db"));
    String admin = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    String worker = TokenIssuer.issue(store, "test-workers", TokenRole.WORKER, Instant.now());
    Coordinator coordinator = Coordinator.start(config.withPort(0), store, InstantSource.system());
    return new Cluster(dir, store, coordinator, admin, worker, RelayqClient.connect(coordinator.url(), admin));
  }

  /**
   * A cluster whose coordinator serves HTTPS with a server certificate of {@code pki}; the test's
   * client trusts {@code pki}'s CA, worker processes are given it with {@code --ca-file}.
   */
  static Cluster startTls(Path dir, TestCertificates pki) {
    JobStore store = SqliteJobStore.open(dir.resolve("relayq.db"));
    String admin = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    String worker = TokenIssuer.issue(store, "test-workers", TokenRole.WORKER, Instant.now());
    TestCertificates.ServerFiles files = pki.server("coordinator", "RSA");
    Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0),
        TlsIdentity.load(files.cert(), files.key()), store, InstantSource.system());
    return new Cluster(dir, store, coordinator, admin, worker,
        RelayqClient.builder(coordinator.url()).token(admin).caFile(pki.caFile()).build());
  }

  /** The admin token the client uses. */
  String adminToken() {
    return adminToken;
  }

  /** The worker token the worker processes use. */
  String workerToken() {
    return workerToken;
  }

  URI url() {
    return coordinator.url();
  }

  RelayqClient client() {
    return client;
  }

  WorkerProtocolClient protocol() {
    return WorkerProtocolClient.connect(coordinator.url(), workerToken);
  }

  JobStore store() {
    return store;
  }

  Path dir() {
    return dir;
  }

  /** Starts a worker JVM and waits until the coordinator lists it online. */
  WorkerProcess startWorker(String name, String... extraArgs) {
    WorkerProcess w = startWorkerProcess(name, extraArgs);
    awaitOnline(name);
    return w;
  }

  /** Starts a worker JVM with {@code env} added to its environment and waits until it is online. */
  WorkerProcess startWorker(String name, java.util.Map<String, String> env, String... extraArgs) {
    WorkerProcess w = startWorkerProcess(name, env, extraArgs);
    awaitOnline(name);
    return w;
  }

  /** Starts a worker JVM without waiting for it to register. */
  WorkerProcess startWorkerProcess(String name, String... extraArgs) {
    return startWorkerProcess(name, java.util.Map.of(), extraArgs);
  }

  private WorkerProcess startWorkerProcess(String name, java.util.Map<String, String> env, String... extraArgs) {
    try {
      Path stateDir = dir.resolve("worker-" + name);
      Files.createDirectories(stateDir);
      WorkerProcess w = WorkerProcess.start(url(), workerToken, name, stateDir, List.of(extraArgs), env);
      workers.add(w);
      return w;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start worker " + name, e);
    }
  }

  void awaitOnline(String name) {
    await("worker " + name + " online").atMost(Duration.ofSeconds(30)).until(() -> client.workers().workers().stream()
        .anyMatch(w -> w.name().equals(name) && w.status().equals("online")));
  }

  WorkerView worker(String name) {
    return client.workers().workers().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    for (WorkerProcess w : workers) {
      w.kill();
    }
    coordinator.close();
    store.close();
  }
}
