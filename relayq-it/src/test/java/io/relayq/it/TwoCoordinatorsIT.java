package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.store.postgres.PostgresJobStore;
import io.relayq.store.postgres.PostgresUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators over one PostgreSQL database, with workers split between them: the database is
 * the one source of truth, so every job is leased and succeeds exactly once whichever coordinator
 * took the submit and whichever served the worker.
 */
class TwoCoordinatorsIT {
  private static final String BASE_URL = System.getenv("RELAYQ_TEST_POSTGRES_URL");

  @TempDir Path dir;
  private String schema;
  private final List<PostgresJobStore> stores = new ArrayList<>();
  private final List<Coordinator> coordinators = new ArrayList<>();
  private final List<WorkerProcess> workers = new ArrayList<>();

  @BeforeEach
  void createSchema() {
    Assumptions.assumeTrue(BASE_URL != null && !BASE_URL.isBlank(),
        "RELAYQ_TEST_POSTGRES_URL is not set: skipping the PostgreSQL cluster test "
            + "(set it like jdbc:postgresql://127.0.0.1:5432/test?user=postgres)");
    schema = "relayq_it_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void stopAll() {
    workers.forEach(WorkerProcess::kill);
    coordinators.forEach(Coordinator::close);
    stores.forEach(PostgresJobStore::close);
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private Coordinator startCoordinator() {
    PostgresJobStore store = PostgresJobStore.open(BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    stores.add(store);
    Coordinator c = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
    store.onJobSubmitted(c::wakeIdleWorkers);
    coordinators.add(c);
    return c;
  }

  private WorkerProcess startWorker(Coordinator c, String name) throws Exception {
    Path state = Files.createDirectories(dir.resolve(name));
    WorkerProcess w = WorkerProcess.start(c.url(), name, state, List.of("--slots", "4"));
    workers.add(w);
    return w;
  }

  @Test
  void everyJobIsLeasedAndSucceedsExactlyOnceAcrossTwoCoordinators() throws Exception {
    Coordinator a = startCoordinator();
    Coordinator b = startCoordinator();
    startWorker(a, "wa1");
    startWorker(a, "wa2");
    startWorker(b, "wb1");
    RelayqClient viaA = RelayqClient.connect(a.url());
    RelayqClient viaB = RelayqClient.connect(b.url());
    await().atMost(Duration.ofSeconds(30)).until(() -> viaA.workers().workers().stream()
        .filter(w -> w.status().equals("online")).count() == 3);

    int total = 2000;
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    try (ExecutorService submitters = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        RelayqClient client = t % 2 == 0 ? viaA : viaB;
        submitters.submit(() -> {
          for (int i = 0; i < total / 4; i++) {
            ids.add(client.submit(JobSubmission.builder().command("true").build()).job().id());
          }
        });
      }
    }
    assertThat(ids).hasSize(total);

    PostgresJobStore store = stores.get(0);
    await("all jobs finished").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
        .until(() -> store.queueStats(java.time.Instant.now()).counts().get(JobState.SUCCEEDED) == (long) total);
    List<String> workersUsed = new ArrayList<>();
    for (String id : ids) {
      List<Attempt> attempts = store.attempts(id);
      assertThat(attempts).as(id).singleElement().satisfies(at -> {
        assertThat(at.reason()).isEqualTo(EndReason.EXIT);
        assertThat(at.exitCode()).isZero();
      });
      workersUsed.add(attempts.get(0).worker());
    }
    assertThat(workersUsed).as("workers of both coordinators ran jobs").contains("wa1", "wa2", "wb1");
  }

  private void execute(String sql) {
    PostgresUrl parsed = PostgresUrl.parse(BASE_URL);
    try (Connection c = DriverManager.getConnection(parsed.jdbcUrl(), parsed.user(), parsed.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
    }
  }
}
