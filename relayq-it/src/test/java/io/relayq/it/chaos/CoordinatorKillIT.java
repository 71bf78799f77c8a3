package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.ApiErrorException;
import io.relayq.client.Backoff;
import io.relayq.client.RelayqClient;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.Submitted;
import io.relayq.client.UnreachableException;
import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.store.JobPage;
import io.relayq.store.JobQuery;
import io.relayq.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: the coordinator SIGKILLed twice while 8 clients submit 2,000 jobs and 2 workers run
 * them. A client that gets no answer submits again with the same idempotency key, as the protocol
 * tells it to. Every submit must end in a 2xx or a connection error (never another status, never
 * a 2xx for a job that then does not exist), every job answered 2xx must end in a final state, and
 * the store must hold exactly one job per key.
 */
@Tag("chaos")
class CoordinatorKillIT {
  private static final int JOBS = 2000;
  private static final int CLIENTS = 8;
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private CoordinatorNode coordinator;
  private final List<WorkerNode> workers = new ArrayList<>();
  private RelayqClient client;

  @BeforeEach
  void start() {
    coordinator = CoordinatorNode.start(dir);
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    for (String name : List.of("a", "b")) {
      WorkerNode w = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), name, "--slots", "4");
      logs.watch(w::jvm);
      workers.add(w);
    }
  }

  @AfterEach
  void stop() {
    workers.forEach(WorkerNode::close);
    client.close();
    coordinator.close();
  }

  @Test
  void noAcceptedSubmitIsLostAndRetriedKeysCreateNoDuplicates() throws Exception {
    Map<String, String> idByKey = new ConcurrentHashMap<>();
    AtomicInteger connectionErrors = new AtomicInteger();
    AtomicInteger existingOnRetry = new AtomicInteger();
    List<String> otherFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Duration> outages = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<?>> submitters = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int first = c * (JOBS / CLIENTS);
        submitters.add(pool.submit(() -> {
          for (int i = first; i < first + JOBS / CLIENTS; i++) {
            submitUntilAnswered("key-" + i, idByKey, connectionErrors, existingOnRetry, otherFailures);
          }
          return null;
        }));
      }
      for (int kill = 1; kill <= 2; kill++) {
        int threshold = kill * JOBS / 3;
        await("submits before kill " + kill).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
            .until(() -> idByKey.size() >= threshold);
        Instant killedAt = Instant.now();
        coordinator.kill();
        coordinator.restart();
        outages.add(Duration.between(killedAt, Instant.now()));
      }
      for (Future<?> f : submitters) {
        f.get();
      }
    }
    Instant submitted = Instant.now();
    assertThat(otherFailures).as("answers other than 2xx or a connection error").isEmpty();
    assertThat(idByKey).hasSize(JOBS);
    await("every accepted job finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> countSucceeded() == JOBS);
    Duration drained = Duration.between(submitted, Instant.now());
    // a client whose answer was lost in the kill submits again: a retry never makes a second job
    for (int i = 0; i < JOBS; i += 20) {
      Submitted again = client.submit(JobSubmission.builder().command("true").key("key-" + i).build());
      assertThat(again.created()).isFalse();
      assertThat(again.job().id()).isEqualTo(idByKey.get("key-" + i));
    }
    workers.forEach(WorkerNode::close);
    coordinator.stop();

    Map<String, Job> storedByKey = new HashMap<>();
    int stored = 0;
    try (SqliteJobStore store = SqliteJobStore.open(coordinator.dbFile())) {
      String cursor = null;
      do {
        JobPage page = store.listJobs(new JobQuery(null, null, null, JobQuery.MAX_LIMIT, cursor));
        for (Job j : page.jobs()) {
          stored++;
          assertThat(storedByKey.put(j.key(), j)).as("a second job with key " + j.key()).isNull();
        }
        cursor = page.nextCursor();
      } while (cursor != null);
    }
    assertThat(stored).as("jobs in the store").isEqualTo(JOBS);
    idByKey.forEach((key, id) -> assertThat(storedByKey.get(key).id()).as(key).isEqualTo(id));
    Outcomes outcomes = Outcomes.read(coordinator.dbFile(), idByKey.values());
    outcomes.assertEachSucceededExactlyOnce(idByKey.values());

    Figures.record("2 coordinator SIGKILL", "submits / kills / connection errors seen by clients", JOBS + " / 2 / "
        + connectionErrors.get());
    Figures.record("2 coordinator SIGKILL", "retried keys answered 200 (committed before the kill)",
        existingOnRetry.get());
    Figures.record("2 coordinator SIGKILL", "jobs lost / duplicate jobs / duplicate outcomes", "0 / 0 / 0");
    Figures.record("2 coordinator SIGKILL", "kill to answering again (JVM restart)",
        outages.stream().map(Figures::seconds).toList());
    Figures.record("2 coordinator SIGKILL", "last submit answered to all jobs succeeded", Figures.seconds(drained));
  }

  /** Submits {@code key} until the coordinator answers; a connection error (or 503) means "try again". */
  private void submitUntilAnswered(String key, Map<String, String> idByKey, AtomicInteger connectionErrors,
      AtomicInteger existingOnRetry, List<String> otherFailures) throws InterruptedException {
    boolean retry = false;
    Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(500));
    while (true) {
      try {
        Submitted s = client.submit(JobSubmission.builder().command("true").key(key).build());
        if (retry && !s.created()) {
          existingOnRetry.incrementAndGet();
        }
        idByKey.put(key, s.job().id());
        return;
      } catch (UnreachableException | ServerUnavailableException e) {
        connectionErrors.incrementAndGet();
        retry = true;
        backoff.pause();
      } catch (ApiErrorException e) {
        otherFailures.add(key + ": " + e.status() + " " + e.getMessage());
        return;
      }
    }
  }

  private int countSucceeded() {
    int n = 0;
    String cursor = null;
    do {
      var page = client.jobs(JobState.SUCCEEDED, null, null, 1000, cursor);
      n += page.jobs().size();
      cursor = page.nextCursor();
    } while (cursor != null);
    return n;
  }
}
