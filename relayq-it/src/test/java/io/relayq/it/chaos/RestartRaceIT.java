package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.client.ConflictException;
import io.relayq.client.RelayqClient;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.coordinator.Coordinator;
import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.PollRequest;
import io.relayq.core.api.PollResponse;
import io.relayq.core.api.WorkerHello;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.TokenIssuer;
import io.relayq.store.JobStore;
import io.relayq.store.sqlite.SqliteJobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by {@code OrphanIT} (scenario 7), which failed now and then: a worker SIGKILLed with a poll
 * open restarts; its hello releases the old run's lease and re-queues the job, and the dead run's
 * poll, still parked in the coordinator, leases it again before the coordinator has noted the new
 * incarnation. The job then sits "running" on a dead connection for its whole lease TTL (10 min
 * in that test).
 *
 * <p>The race is between the store committing the release and the coordinator's worker directory
 * learning the new incarnation. Here the real store is wrapped so that the hello's registration
 * returns 2 s late (as under a loaded disk), which makes the window wide enough to hit every time.
 */
@Tag("chaos")
class RestartRaceIT {
  private static final Duration SLOW_REGISTRATION = Duration.ofSeconds(2);
  @TempDir Path dir;
  private SqliteJobStore store;
  private Coordinator coordinator;
  private RelayqClient client;
  private String adminToken;
  private String workerToken;

  @BeforeEach
  void start() {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    adminToken = TokenIssuer.issue(store, "test-admin", TokenRole.ADMIN, Instant.now());
    workerToken = TokenIssuer.issue(store, "test-worker", TokenRole.WORKER, Instant.now());
    coordinator = Coordinator.start(CoordinatorConfig.defaults().withPort(0), slowRegistration(store),
        InstantSource.system());
    client = RelayqClient.connect(coordinator.url(), adminToken);
  }

  @AfterEach
  void stop() {
    client.close();
    coordinator.close();
    store.close();
  }

  /** The real store, except that {@code registerWorker} returns {@link #SLOW_REGISTRATION} after it committed. */
  private static JobStore slowRegistration(JobStore real) {
    return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(real, args);
            if (method.getName().equals("registerWorker")) {
              Thread.sleep(SLOW_REGISTRATION);
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aPollOfTheReplacedRunNeverLeasesTheJobsTheRestartReleased() throws Exception {
    String workerId = UUID.randomUUID().toString();
    WorkerProtocolClient dead = WorkerProtocolClient.connect(coordinator.url(), workerToken);
    WorkerProtocolClient restarted = WorkerProtocolClient.connect(coordinator.url(), workerToken);
    dead.hello("w", new WorkerHello(workerId, "run-1", List.of(), 2, "test", "host"));
    String id = client.submit(JobSubmission.builder().command("true").lease("10m").build()).job().id();
    assertThat(dead.poll("w", new PollRequest("run-1", 1, 5000)).jobs()).singleElement()
        .satisfies(l -> assertThat(l.attempt()).isEqualTo(1));

    // run-1 "dies" with this poll open; run-2 of the same worker says hello meanwhile
    CompletableFuture<PollResponse> openPoll = CompletableFuture.supplyAsync(
        () -> dead.poll("w", new PollRequest("run-1", 1, 10_000)));
    restarted.hello("w", new WorkerHello(workerId, "run-2", List.of(), 2, "test", "host"));

    List<LeaseGrant> leasedToDeadPoll = leasesOf(openPoll);
    assertThat(leasedToDeadPoll).as("jobs leased to the poll of the run that was replaced").isEmpty();
    List<LeaseGrant> leasedToNewRun = restarted.poll("w", new PollRequest("run-2", 1, 5000)).jobs();
    assertThat(leasedToNewRun).as("the released job goes to the new run").singleElement()
        .satisfies(l -> assertThat(l.jobId()).isEqualTo(id));
    assertThat(client.job(id).state()).isEqualTo(JobState.RUNNING);
    dead.close();
    restarted.close();
  }

  /** The jobs in the answer to the old run's poll; a refusal as superseded leases nothing. */
  private static List<LeaseGrant> leasesOf(CompletableFuture<PollResponse> poll) throws Exception {
    try {
      return poll.get(30, TimeUnit.SECONDS).jobs();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ConflictException c && c.isSuperseded()) {
        return List.of();
      }
      throw e;
    }
  }
}
