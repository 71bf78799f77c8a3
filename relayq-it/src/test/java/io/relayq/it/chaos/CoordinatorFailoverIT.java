package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.ApiErrorException;
import io.relayq.client.Backoff;
import io.relayq.client.RelayqClient;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.it.PostgresSchema;
import io.relayq.store.postgres.PostgresJobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code relayq server --db} processes on one PostgreSQL database, three workers given both
 * URLs (two list A first, one B first), a client given both. Coordinator A is SIGKILLed while jobs
 * flow: its workers move to B under the same identity, the client's submits go on through B, and
 * every job ends succeeded with exactly one attempt that exited 0.
 */
@Tag("chaos")
class CoordinatorFailoverIT {
  private static final int JOBS = 1000;
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private PostgresSchema schema;
  private PostgresJobStore store;
  private CoordinatorNode a;
  private CoordinatorNode b;
  private final List<WorkerNode> workers = new ArrayList<>();
  private RelayqClient client;

  @BeforeEach
  void start() {
    schema = PostgresSchema.create();
    a = CoordinatorNode.onDatabase(dir, "coordinator-a", schema.url());
    logs.watch(a::jvm);
    b = CoordinatorNode.onDatabase(dir, "coordinator-b", schema.url());
    logs.watch(b::jvm);
    store = schema.open();
    addWorker("w1", List.of(a.url(), b.url()));
    addWorker("w2", List.of(a.url(), b.url()));
    addWorker("w3", List.of(b.url(), a.url()));
    client = RelayqClient.connect(List.of(a.url(), b.url()), a.adminToken());
  }

  private void addWorker(String name, List<URI> servers) {
    WorkerNode w = WorkerNode.start(dir, servers, a.workerToken(), name, "--slots", "4");
    logs.watch(w::jvm);
    workers.add(w);
  }

  @AfterEach
  void stop() {
    workers.forEach(WorkerNode::close);
    if (client != null) {
      client.close();
    }
    for (CoordinatorNode c : new CoordinatorNode[] {a, b}) {
      if (c != null) {
        c.close();
      }
    }
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void workersAndClientsMoveToTheOtherCoordinatorAndEveryJobSucceedsOnce() {
    await("three workers online").atMost(Duration.ofSeconds(60))
        .until(() -> client.workers().workers().stream().filter(w -> w.status().equals("online")).count() == 3);
    Map<String, String> idByKey = new LinkedHashMap<>();
    for (int i = 0; i < JOBS / 2; i++) {
      submitUntilAnswered("before-" + i, idByKey);
    }
    await("jobs flowing through both coordinators").atMost(Duration.ofSeconds(60))
        .until(() -> succeeded() >= 100);

    Instant killedAt = Instant.now();
    a.kill();
    for (int i = 0; i < JOBS / 2; i++) {
      submitUntilAnswered("after-" + i, idByKey);
    }
    assertThat(client.server()).as("the client moved to B").isEqualTo(b.url().toString());

    await("every job finished").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> succeeded() == JOBS);
    Duration drained = Duration.between(killedAt, Instant.now());
    Outcomes outcomes = Outcomes.read(store, idByKey.values());
    outcomes.assertEachSucceededExactlyOnce(idByKey.values());
    assertThat(workers).allSatisfy(w -> assertThat(w.jvm().isAlive()).as(w.name() + " kept running").isTrue());
    Set<String> ranJobsSubmittedAfterTheKill = idByKey.entrySet().stream()
        .filter(e -> e.getKey().startsWith("after-"))
        .flatMap(e -> outcomes.attempts().get(e.getValue()).stream())
        .filter(at -> at.reason() == EndReason.EXIT)
        .map(Attempt::worker).collect(Collectors.toSet());
    assertThat(ranJobsSubmittedAfterTheKill).as("workers that took jobs through B after A died")
        .containsExactlyInAnyOrder("w1", "w2", "w3");
    assertThat(client.workers().workers()).as("the workers as B sees them")
        .allSatisfy(w -> assertThat(w.status()).isEqualTo("online"));

    Figures.record("coordinator SIGKILL, two on PostgreSQL", "jobs / lost leases re-run / duplicate outcomes",
        JOBS + " / " + outcomes.attemptsEndedBy(EndReason.LOST).size() + " / 0");
    Figures.record("coordinator SIGKILL, two on PostgreSQL", "kill to all jobs succeeded", Figures.seconds(drained));
  }

  /** Submits until a coordinator answers; the key makes a retry after a cut call safe. */
  private void submitUntilAnswered(String key, Map<String, String> idByKey) {
    Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(500));
    while (true) {
      try {
        idByKey.put(key, client.submit(JobSubmission.builder().command("true").key(key).build()).job().id());
        return;
      } catch (UnreachableException | ServerUnavailableException e) {
        try {
          backoff.pause();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new AssertionError(interrupted);
        }
      } catch (ApiErrorException e) {
        throw new AssertionError("submit " + key + " refused: " + e.status() + " " + e.getMessage(), e);
      }
    }
  }

  private long succeeded() {
    return store.queueStats(Instant.now()).counts().getOrDefault(JobState.SUCCEEDED, 0L);
  }
}
