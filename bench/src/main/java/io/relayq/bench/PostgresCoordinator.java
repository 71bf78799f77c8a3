package io.relayq.bench;

import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.store.postgres.PostgresJobStore;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A coordinator over a PostgreSQL store, the same {@link Coordinator} that {@code relayq server}
 * runs over SQLite (the CLI has no {@code --db} yet).
 *
 * <pre>PostgresCoordinator --url JDBC_URL [--port 0]</pre>
 *
 * <p>Prints {@code relayq server listening on URL} like {@code relayq server}; stops on SIGTERM.
 */
public final class PostgresCoordinator {
  private PostgresCoordinator() {}

  public static void main(String[] argv) throws InterruptedException {
    Args args = Args.parse(argv, Set.of("--url", "--port"), Set.of());
    PostgresJobStore store = PostgresJobStore.open(args.required("--url"));
    Coordinator coordinator;
    try {
      coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(args.integer("--port", 0)), store,
          InstantSource.system());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        coordinator.close();
      } finally {
        store.close();
        stopped.countDown();
      }
    }, "bench-coordinator-stop"));
    System.out.println("relayq server listening on " + coordinator.url() + " (store: PostgreSQL)");
    System.out.flush();
    stopped.await();
  }
}
