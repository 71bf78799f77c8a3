package io.relayq.worker;

import io.relayq.client.RelayqClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.store.sqlite.SqliteJobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * A real coordinator on a free loopback port over a fresh SQLite file, and a client of it. It can
 * go down and come back on the same port over the same file, as a restarted coordinator would.
 */
final class CoordinatorFixture implements AutoCloseable {
  private final Path dbFile;
  SqliteJobStore store;
  Coordinator coordinator;
  final RelayqClient client;
  private final URI url;
  private boolean serving;

  private CoordinatorFixture(Path dbFile, SqliteJobStore store, Coordinator coordinator) {
    this.dbFile = dbFile;
    this.store = store;
    this.coordinator = coordinator;
    this.url = coordinator.url();
    this.client = RelayqClient.connect(url);
    this.serving = true;
  }

  static CoordinatorFixture start(Path dir) {
    Path db = dir.resolve("relayq.db");
    SqliteJobStore store = SqliteJobStore.open(db);
    return new CoordinatorFixture(db, store,
        Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system()));
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
