package io.relayq.worker;

import io.relayq.client.RelayqClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.store.sqlite.SqliteJobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A real coordinator on a free loopback port over a fresh SQLite file, and a client of it with an
 * admin token. Workers get a worker token ({@link #workerToken}). It can go down and come back on
 * the same port over the same file, as a restarted coordinator would.
 */
final class CoordinatorFixture implements AutoCloseable {
  private final Path dbFile;
  SqliteJobStore store;
  Coordinator coordinator;
  final RelayqClient client;
  /** A worker token, as {@code relayq token create --role worker} makes one. */
  final String workerToken;
  private final URI url;
  private boolean serving;

  private CoordinatorFixture(Path dbFile, SqliteJobStore store, Coordinator coordinator, String adminToken,
      String workerToken) {
    this.dbFile = dbFile;
    this.store = store;
    this.coordinator = coordinator;
    this.url = coordinator.url();
    this.workerToken = workerToken;
    this.client = RelayqClient.connect(url, adminToken);
    this.serving = true;
  }

  static CoordinatorFixture start(Path dir) {
    Path db = dir.resolve("relayq.db");
    SqliteJobStore store = SqliteJobStore.open(db);
    String admin = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    String worker = TokenIssuer.issue(store, "test-worker", TokenRole.WORKER, Instant.now());
    return new CoordinatorFixture(db, store,
        Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system()), admin, worker);
  }

  URI url() {
    return url;
  }

  /** Stops serving and closes the store, as a coordinator process that went down would. */
  void stopServing() {
    if (serving) {
      serving = false;
      coordinator.close();
      store.close();
    }
  }

  /** Opens the same SQLite file again and serves it on the same port: the coordinator restarted. */
  void startServingAgain() {
    store = SqliteJobStore.open(dbFile);
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(url.getPort()), store, InstantSource.system());
    serving = true;
  }

  @Override
  public void close() {
    client.close();
    stopServing();
  }
}
