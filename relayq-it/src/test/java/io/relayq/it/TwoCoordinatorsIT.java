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
import io.relayq.core.RecordedEvent;
import io.relayq.store.JobChange;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.store.postgres.PostgresJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators over one PostgreSQL database, with workers split between them: the database is
 * the one source of truth, so every job is leased once and succeeds once whichever coordinator
 * took the submit and whichever served the worker.
 */
class TwoCoordinatorsIT {
  private static final int JOBS = 5000;

  @TempDir Path dir;
  private PostgresSchema schema;
  private final List<PostgresJobStore> stores = new ArrayList<>();
  private final List<Coordinator> coordinators = new ArrayList<>();
  private final List<WorkerProcess> workers = new ArrayList<>();
  private String adminToken;
  private String workerToken;

  @BeforeEach
  void createSchema() {
    schema = PostgresSchema.create();
  }

  @AfterEach
  void stopAll() {
    workers.forEach(WorkerProcess::kill);
    coordinators.forEach(Coordinator::close);
    stores.forEach(PostgresJobStore::close);
    if (schema != null) {
      schema.close();
    }
  }

  private Coordinator startCoordinator() {
    PostgresJobStore store = schema.open();
    stores.add(store);
    if (adminToken == null) {
      adminToken = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
      workerToken = TokenIssuer.issue(store, "test-workers", TokenRole.WORKER, Instant.now());
    }
    Coordinator c = Coordinator.start(CoordinatorConfig.defaults().withPort(0), store, InstantSource.system());
    store.onJobSubmitted(c::wakeIdleWorkers);
    coordinators.add(c);
    return c;
  }

  private void startWorker(Coordinator c, String name) throws Exception {
    Path state = Files.createDirectories(dir.resolve(name));
    workers.add(WorkerProcess.start(c.url(), workerToken, name, state, List.of("--slots", "4")));
  }

  @Test
  void everyJobIsLeasedOnceAndSucceedsOnceAcrossTwoCoordinators() throws Exception {
    Coordinator a = startCoordinator();
    Coordinator b = startCoordinator();
    startWorker(a, "wa1");
    startWorker(a, "wa2");
    startWorker(b, "wb1");
    RelayqClient viaA = RelayqClient.connect(a.url(), adminToken);
    RelayqClient viaB = RelayqClient.connect(b.url(), adminToken);
    await().atMost(Duration.ofSeconds(30)).until(() -> viaA.workers().workers().stream()
        .filter(w -> w.status().equals("online")).count() == 3);

    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    try (ExecutorService submitters = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        RelayqClient client = t % 2 == 0 ? viaA : viaB;
        submitters.submit(() -> {
          for (int i = 0; i < JOBS / 4; i++) {
            ids.add(client.submit(JobSubmission.builder().command("true").build()).job().id());
          }
        });
      }
    }
    assertThat(ids).hasSize(JOBS);

    PostgresJobStore store = stores.get(0);
    await("all jobs finished").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
        .until(() -> store.queueStats(Instant.now()).counts().get(JobState.SUCCEEDED) == (long) JOBS);
    List<String> workersUsed = new ArrayList<>();
    for (String id : ids) {
      List<Attempt> attempts = store.attempts(id);
      assertThat(attempts).as(id).singleElement().satisfies(at -> {
        assertThat(at.reason()).isEqualTo(EndReason.EXIT);
        assertThat(at.exitCode()).isZero();
      });
      List<RecordedEvent> events = store.events(id);
      assertThat(events).as("leases of " + id).filteredOn(e -> e.type().equals(JobChange.LEASED)).hasSize(1);
      assertThat(events).as("successes of " + id).filteredOn(e -> e.state() == JobState.SUCCEEDED).hasSize(1);
      workersUsed.add(attempts.get(0).worker());
    }
    assertThat(workersUsed).as("workers of both coordinators ran jobs").contains("wa1", "wa2", "wb1");
  }
}
