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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: the coordinator SIGKILLed and kept down while a worker runs jobs. (a) Down for less
 * than the lease TTL: nothing runs again; results and output made meanwhile wait in the worker's
 * spool and arrive when it is back. (b) Down for longer than the TTL: results finished before the
 * TTL passed are still delivered and accepted; jobs still running then are killed by their worker
 * (self-fencing) and run again exactly once after the coordinator returns.
 */
@Tag("chaos")
class CoordinatorOutageIT {
  private static final int PER_GROUP = 3;
  /** Output of each job that finishes during the outage: more than the spool keeps in memory. */
  private static final int BIG_OUTPUT = 300_000;
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private CoordinatorNode coordinator;
  private WorkerNode worker;
  private RelayqClient client;

  @BeforeEach
  void start() {
    coordinator = CoordinatorNode.start(dir);
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    worker = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "w", "--slots", "8");
    logs.watch(worker::jvm);
  }

  @AfterEach
  void stop() {
    worker.close();
    client.close();
    coordinator.close();
  }

  private record Submitted(String id, GatedJob job) {}

  private List<Submitted> submitGroup(String group, String lease, String output) {
    List<Submitted> jobs = new ArrayList<>();
    for (int i = 0; i < PER_GROUP; i++) {
      GatedJob job = GatedJob.in(dir, group + i);
      String id = client.submit(JobSubmission.builder().command(job.command(output)).lease(lease).retryBackoff("0s")
          .build()).job().id();
      jobs.add(new Submitted(id, job));
    }
    return jobs;
  }

  private static void awaitStarted(List<Submitted> jobs) {
    await("jobs started").atMost(Duration.ofSeconds(30)).until(() -> jobs.stream().allMatch(s -> s.job().started()));
  }

  private JobView awaitFinal(String id) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> client.job(id), j -> j.state().isTerminal());
  }

  @Test
  void anOutageShorterThanTheLeaseReRunsNothingAndLosesNothing() {
    List<Submitted> finishDuringOutage = submitGroup("during", "15s", "head -c " + BIG_OUTPUT + " /dev/zero | tr '\\0' x");
    List<Submitted> finishAfterOutage = submitGroup("after", "15s", "echo after");
    awaitStarted(finishDuringOutage);
    awaitStarted(finishAfterOutage);

    Instant killedAt = Instant.now();
    coordinator.kill();
    finishDuringOutage.forEach(s -> s.job().open());
    await("jobs done while the coordinator is down").atMost(Duration.ofSeconds(10))
        .until(() -> finishDuringOutage.stream().allMatch(s -> s.job().ends().size() == 1));
    coordinator.restart();
    Duration outage = Duration.between(killedAt, Instant.now());
    finishAfterOutage.forEach(s -> s.job().open());

    for (Submitted s : concat(finishDuringOutage, finishAfterOutage)) {
      JobView done = awaitFinal(s.id());
      assertThat(done.state()).as(s.id()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.attempts()).as("attempts of " + s.id()).singleElement()
          .satisfies(a -> assertThat(a.reason()).isEqualTo(EndReason.EXIT));
      assertThat(s.job().starts()).as("runs of " + s.id()).containsExactly("1");
    }
    for (Submitted s : finishDuringOutage) {
      assertThat(client.output(s.id(), 1, OutputChannel.STDOUT)).as("output made during the outage")
          .hasSize(BIG_OUTPUT).containsOnly((byte) 'x');
    }
    Figures.record("3a coordinator down < TTL (15 s)", "outage / jobs re-run / results lost",
        Figures.seconds(outage) + " / 0 / 0");
  }

  @Test
  void anOutageLongerThanTheLeaseDeliversFinishedResultsAndReRunsFencedJobsOnce() {
    List<Submitted> finishBeforeTtl = submitGroup("early", "3s", "echo early");
    List<Submitted> stillRunningAtTtl = submitGroup("late", "3s", "echo late-$RELAYQ_ATTEMPT");
    awaitStarted(finishBeforeTtl);
    awaitStarted(stillRunningAtTtl);
    List<Long> fencedShells = stillRunningAtTtl.stream().map(s -> s.job().pids().getFirst()).toList();

    Instant killedAt = Instant.now();
    coordinator.kill();
    finishBeforeTtl.forEach(s -> s.job().open());
    await("self-fencing kills the jobs still running").atMost(Duration.ofSeconds(10))
        .until(() -> fencedShells.stream().noneMatch(Processes::isRunning));
    Duration fencedAfter = Duration.between(killedAt, Instant.now());
    stillRunningAtTtl.forEach(s -> s.job().open());
    coordinator.restart();
    Duration outage = Duration.between(killedAt, Instant.now());

    for (Submitted s : finishBeforeTtl) {
      JobView done = awaitFinal(s.id());
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.attempts()).as("finished before the TTL: delivered late and accepted").singleElement()
          .satisfies(a -> assertThat(a.reason()).isEqualTo(EndReason.EXIT));
      assertThat(client.output(s.id(), 1, OutputChannel.STDOUT)).asString().isEqualTo("early\n");
    }
    for (Submitted s : stillRunningAtTtl) {
      JobView done = awaitFinal(s.id());
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.attempts()).extracting(a -> a.reason()).containsExactly(EndReason.LOST, EndReason.EXIT);
      assertThat(s.job().starts()).as("fenced once, run again once").containsExactly("1", "2");
      assertThat(s.job().ends()).as("only the second run got to the end").containsExactly("2");
      assertThat(client.output(s.id(), 2, OutputChannel.STDOUT)).asString().isEqualTo("late-2\n");
    }
    Figures.record("3b coordinator down > TTL (3 s)", "outage / kill to self-fenced",
        Figures.seconds(outage) + " / " + Figures.seconds(fencedAfter));
    Figures.record("3b coordinator down > TTL (3 s)", "finished results lost / fenced jobs run twice to the end",
        "0 / 0");
  }

  private static List<Submitted> concat(List<Submitted> a, List<Submitted> b) {
    List<Submitted> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
