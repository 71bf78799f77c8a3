package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: workers SIGKILLed mid-job under load. 500 short jobs on 3 workers; a worker running
 * jobs is killed four times. Twice it comes back at once under the same identity (its leases are
 * released when it says hello, which must beat the reaper: the lease TTL of 5 s is longer than a
 * worker JVM takes to start), twice only after its leases expired (the reaper re-queues its jobs).
 * Every job must succeed exactly once, every interrupted attempt must end as {@code lost}, and each
 * recovery must take at most the lease TTL + 5 s.
 */
@Tag("chaos")
class WorkerKillIT {
  private static final int JOBS = 500;
  /** Each kill waits for this share of the jobs to be done, so all four fall while most jobs wait. */
  private static final Duration LEASE_TTL = Duration.ofSeconds(5);
  private static final String RELEASED_BY_RESTART = "restarted; its previous process is gone";
  private static final Duration RECOVERY_BOUND = LEASE_TTL.plusSeconds(5);
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
    for (String name : List.of("a", "b", "c")) {
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

  /** One kill of a worker: when, and when it came back. */
  private record Kill(String worker, Instant killedAt, Instant restartedAt, boolean atOnce) {}

  @Test
  void everyJobSucceedsExactlyOnceWhileWorkersAreKilledMidJob() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      ids.add(client.submit(JobSubmission.builder().command("sleep 0.5").lease("5s").build()).job().id());
    }
    List<Kill> kills = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      WorkerNode victim = workers.get(round % workers.size());
      int target = (round + 1) * JOBS / 8;
      await("round " + round + ": " + target + " jobs succeeded and worker " + victim.name() + " runs some")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .conditionEvaluationListener(c -> {
            if (c.getRemainingTimeInMS() < 100) {
              printUnfinished();
            }
          })
          .until(() -> succeeded() >= target && running(victim.name()) > 0);
      Instant killedAt = Instant.now();
      victim.kill();
      boolean atOnce = round % 2 == 0;
      if (!atOnce) {
        // nobody renews the dead worker's leases: the reaper must put its jobs back by itself
        await("reaper recovers " + victim.name()).atMost(RECOVERY_BOUND.plusSeconds(5))
            .pollInterval(Duration.ofMillis(20)).until(() -> running(victim.name()) == 0);
      }
      Instant restartedAt = Instant.now();
      victim.restart();
      kills.add(new Kill(victim.name(), killedAt, restartedAt, atOnce));
    }
    await("all jobs finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .conditionEvaluationListener(c -> {
          if (c.getRemainingTimeInMS() < 200) {
            printUnfinished();
          }
        })
        .until(() -> succeeded() == JOBS);
    workers.forEach(WorkerNode::close);
    coordinator.stop();

    Outcomes outcomes = Outcomes.read(coordinator.dbFile(), ids);
    outcomes.assertEachSucceededExactlyOnce(ids);
    List<Attempt> lost = outcomes.attemptsEndedBy(EndReason.LOST);
    assertThat(lost).as("interrupted attempts (a kill that interrupted nothing proves nothing)").isNotEmpty();
    outcomes.attempts().values().forEach(list -> assertThat(list)
        .allSatisfy(a -> assertThat(a.reason()).isIn(EndReason.EXIT, EndReason.LOST)));

    Duration worstAtOnce = Duration.ZERO;
    Duration worstRestartToRelease = Duration.ZERO;
    Duration worstByReaper = Duration.ZERO;
    for (Attempt a : lost) {
      Kill k = killBefore(kills, a);
      Duration recovery = Duration.between(k.killedAt(), a.endedAt());
      assertThat(recovery).as("recovery of " + a.jobId() + " attempt " + a.number()).isLessThanOrEqualTo(RECOVERY_BOUND);
      if (k.atOnce()) {
        assertThat(a.message()).as("released by the restart of " + a.worker() + ", not by the reaper")
            .contains(RELEASED_BY_RESTART);
        worstAtOnce = max(worstAtOnce, recovery);
        worstRestartToRelease = max(worstRestartToRelease, Duration.between(k.restartedAt(), a.endedAt()));
      } else {
        assertThat(a.message()).contains("before the lease expired");
        worstByReaper = max(worstByReaper, recovery);
      }
    }
    Figures.record("1 worker SIGKILL", "jobs / kills / interrupted attempts", JOBS + " / " + kills.size() + " / "
        + lost.size());
    Figures.record("1 worker SIGKILL", "jobs lost / duplicate outcomes", "0 / 0");
    Figures.record("1 worker SIGKILL", "worst recovery, restart under same identity: kill to lease released"
        + " (restart to release)", Figures.seconds(worstAtOnce) + " (" + Figures.seconds(worstRestartToRelease) + ")");
    Figures.record("1 worker SIGKILL", "worst recovery, no restart: kill to lease expired (TTL 5 s)",
        Figures.seconds(worstByReaper));
  }

  private void printUnfinished() {
    System.out.println("succeeded " + succeeded() + "; workers " + client.workers());
    for (JobState state : List.of(JobState.QUEUED, JobState.RUNNING, JobState.FAILED)) {
      client.jobs(state, null, null, 20, null).jobs().forEach(j -> System.out.println(client.job(j.id())));
    }
  }

  private static Kill killBefore(List<Kill> kills, Attempt a) {
    Kill found = null;
    for (Kill k : kills) {
      if (k.worker().equals(a.worker()) && !k.killedAt().isAfter(a.endedAt())) {
        found = k;
      }
    }
    assertThat(found).as("a kill of " + a.worker() + " before attempt " + a.number() + " of " + a.jobId()
        + " was lost at " + a.endedAt()).isNotNull();
    return found;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private int succeeded() {
    return client.jobs(JobState.SUCCEEDED, null, null, 1000, null).jobs().size();
  }

  private int running(String worker) {
    return client.jobs(JobState.RUNNING, worker, null, 1000, null).jobs().size();
  }
}
