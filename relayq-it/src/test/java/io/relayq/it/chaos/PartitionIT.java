package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import io.relayq.it.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: a worker cut off from the coordinator (a proxy holds back every byte) for longer
 * than the lease TTL. It must kill its running job (self-fencing) within the TTL; the coordinator
 * re-queues its jobs and another worker runs them; when the network heals, the old worker's late
 * completion of a job that finished during the partition is refused (409) and changes nothing.
 */
@Tag("chaos")
class PartitionIT {
  private static final Duration LEASE_TTL = Duration.ofSeconds(3);
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private CoordinatorNode coordinator;
  private PartitionProxy proxy;
  private WorkerNode cutOff;
  private WorkerNode other;
  private RelayqClient client;

  @BeforeEach
  void start() {
    coordinator = CoordinatorNode.start(dir);
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    proxy = PartitionProxy.to(coordinator.url());
    cutOff = WorkerNode.start(dir, proxy.url(), coordinator.workerToken(), "cut-off", "--slots", "2");
    logs.watch(cutOff::jvm);
    logs.watch(() -> other == null ? null : other.jvm());
  }

  @AfterEach
  void stop() {
    cutOff.close();
    if (other != null) {
      other.close();
    }
    proxy.close();
    client.close();
    coordinator.close();
  }

  private String submit(GatedJob job) {
    return client.submit(JobSubmission.builder().command(job.command("echo run-$RELAYQ_ATTEMPT")).lease("3s")
        .retryBackoff("0s").build()).job().id();
  }

  @Test
  void aPartitionedWorkerFencesItselfAndItsLateCompletionIsRefused() {
    GatedJob finishesDuringPartition = GatedJob.in(dir, "late-result");
    GatedJob stillRunning = GatedJob.in(dir, "fenced");
    String lateId = submit(finishesDuringPartition);
    String fencedId = submit(stillRunning);
    await("both jobs run on the worker to be cut off").atMost(Duration.ofSeconds(30))
        .until(() -> finishesDuringPartition.started() && stillRunning.started());
    long fencedShell = stillRunning.pids().getFirst();
    other = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "other", "--slots", "2");

    Instant cut = Instant.now();
    proxy.partition();
    finishesDuringPartition.open();
    await("self-fencing").atMost(LEASE_TTL.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> !Processes.isRunning(fencedShell));
    Duration fencedAfter = Duration.between(cut, Instant.now());
    stillRunning.open();

    JobView late = awaitSucceeded(lateId);
    JobView fenced = awaitSucceeded(fencedId);
    Duration recoveredAfter = Duration.between(cut, Instant.now());
    for (JobView j : new JobView[] {late, fenced}) {
      assertThat(j.attempts()).extracting(a -> a.reason()).containsExactly(EndReason.LOST, EndReason.EXIT);
      assertThat(j.attempts()).extracting(a -> a.worker()).containsExactly("cut-off", "other");
    }
    assertThat(stillRunning.ends()).as("the fenced attempt never got to the end").containsExactly("2");
    assertThat(finishesDuringPartition.ends()).as("both attempts of the other job ran to the end")
        .containsExactly("1", "2");

    proxy.heal();
    await("the late completion is refused").atMost(Duration.ofSeconds(30))
        .until(() -> cutOff.jvm().log().contains("job " + lateId + " attempt 1: result 'exited' refused"));
    JobView after = client.job(lateId);
    assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(after.attempts()).hasSize(2);
    assertThat(after.exitCode()).isZero();
    assertThat(client.output(lateId, 1, OutputChannel.STDOUT)).as("the refused result's output").isEmpty();
    assertThat(client.output(lateId, 2, OutputChannel.STDOUT)).asString().isEqualTo("run-2\n");
    Figures.record("4 partition > TTL (3 s)", "partition to self-fenced / partition to both jobs done elsewhere",
        Figures.seconds(fencedAfter) + " / " + Figures.seconds(recoveredAfter));
    Figures.record("4 partition > TTL (3 s)", "late completions accepted / duplicate outcomes", "0 / 0");
  }

  @Test
  void knownLimitAFrozenWorkerCannotFenceUntilItRunsAgainThenItKillsAtOnce() {
    GatedJob job = GatedJob.in(dir, "frozen");
    String id = submit(job);
    await("the job runs on the worker to be frozen").atMost(Duration.ofSeconds(30)).until(job::started);
    long firstShell = job.pids().getFirst();
    other = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "other", "--slots", "2");

    cutOff.jvm().pause();
    await("the job runs again elsewhere").atMost(LEASE_TTL.plusSeconds(10)).until(() -> job.pids().size() == 2);
    assertThat(Processes.isRunning(firstShell)).as("the frozen worker's job runs on: nobody can fence it").isTrue();
    Instant resumed = Instant.now();
    cutOff.jvm().resume();
    await("fenced once the worker runs again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> !Processes.isRunning(firstShell));
    Duration fencedAfterResume = Duration.between(resumed, Instant.now());
    job.open();

    JobView done = awaitSucceeded(id);
    assertThat(done.attempts()).extracting(a -> a.reason()).containsExactly(EndReason.LOST, EndReason.EXIT);
    assertThat(job.ends()).containsExactly("2");
    Figures.record("4 frozen worker (SIGSTOP > TTL)", "SIGCONT to its stale job killed", Figures.seconds(fencedAfterResume));
  }

  private JobView awaitSucceeded(String id) {
    JobView j = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> client.job(id), v -> v.state().isTerminal());
    assertThat(j.state()).as(id).isEqualTo(JobState.SUCCEEDED);
    return j;
  }
}
