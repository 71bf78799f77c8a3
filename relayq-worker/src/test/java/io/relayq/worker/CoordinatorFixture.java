package io.relayq.worker;

import io.relayq.client.RelayqClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.store.sqlite.SqliteJobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;

/** A real coordinator on a free loopback port over a fresh SQLite file, and a client of it. */
final class CoordinatorFixture implements AutoCloseable {
  final SqliteJobStore store;
  final Coordinator coordinator;
  final RelayqClient client;

  private CoordinatorFixture(SqliteJobStore store, Coordinator coordinator) {
    this.store = store;
    this.coordinator = coordinator;
    this.client = RelayqClient.connect(coordinator.url());
  }

  static CoordinatorFixture start(Path dir) {
    SqliteJobStore store = SqliteJobStore.open(dir.resolve("relayq.db"));
    return new CoordinatorFixture(store,
        Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system()));
  }

  URI url() {
    return coordinator.url();
  }

  /** Stops serving but keeps the store, as a coordinator that went down would. */
  void stopServing() {
    coordinator.close();
  }

  @Override
  public void close() {
    client.close();
    coordinator.close();
    store.close();
  }
}
