package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayq.client.Submitted;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import io.relayq.core.api.WorkerView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerAgentIT {
  @TempDir Path dataDir;
  @TempDir Path stateDir;
  @TempDir Path work;
  private CoordinatorFixture relayq;
  private final List<WorkerAgent> agents = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();

  @BeforeEach
  void startCoordinator() {
    relayq = CoordinatorFixture.start(dataDir);
  }

  @AfterEach
  void stopAll() {
    agents.forEach(WorkerAgent::close);
    relayq.close();
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  /**
   * A short poll wait keeps stopping quick: a stopping agent waits for its open poll for work to
   * come back, and the coordinator answers an idle poll only when its wait is over.
   */
  private WorkerConfig config(String name) {
    return WorkerConfig.defaults(relayq.url()).withLoadLimits(LoadLimits.OFF).withToken(relayq.workerToken).withName(name).withStateDir(stateDir).withSlots(2)
        .withKillGrace(Duration.ofMillis(300)).withPollWait(Duration.ofMillis(500));
  }

  private Submitted submit(Submissions s) {
    return relayq.client.submit(s.build());
  }

  private WorkerAgent startAgent(WorkerConfig config) {
    WorkerAgent agent = WorkerAgent.start(config);
    agents.add(agent);
    return agent;
  }

  private JobView awaitState(String id, JobState state) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> relayq.client.job(id), j -> j.state() == state);
  }

  private long awaitPid(String file) {
    Path p = work.resolve(file);
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(p) && Files.size(p) > 0);
    long pid = Long.parseLong(readQuietly(p));
    pids.add(pid);
    return pid;
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theAgentRunsAJobAndReportsItsOutput() {
    startAgent(config("w1"));

    String id = submit(Submissions.command("echo hello; echo oops >&2")).job().id();

    JobView done = awaitState(id, JobState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    assertThat(new String(relayq.client.output(id, null, OutputChannel.STDOUT), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    assertThat(new String(relayq.client.output(id, null, OutputChannel.STDERR), StandardCharsets.UTF_8)).isEqualTo("oops\n");
  }

  @Test
  void aNonZeroExitCodeFailsTheJobWithThatCode() {
    startAgent(config("w1"));

    String id = submit(Submissions.command("exit 3")).job().id();

    JobView failed = awaitState(id, JobState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.reason()).isEqualTo(EndReason.EXIT);
  }

  @Test
  void outputLargerThanOneChunkArrivesByteExactAndCanBeFollowed() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(data);
    Path blob = work.resolve("blob");
    Files.write(blob, data);
    startAgent(config("w1"));

    String id = submit(Submissions.command("cat '" + blob + "'; sleep 0.2; echo end >&2")).job().id();
    ByteArrayOutputStream followed = new ByteArrayOutputStream();
    JobView end = relayq.client.follow(id, 0, (attempt, stream, seq, bytes) -> {
      if (stream == OutputChannel.STDOUT) {
        followed.writeBytes(bytes);
      }
    });

    assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(followed.toByteArray()).isEqualTo(data);
    assertThat(relayq.client.output(id, 1, OutputChannel.STDOUT)).isEqualTo(data);
    assertThat(relayq.client.output(id, 1, OutputChannel.STDERR)).isEqualTo("end\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void outputIsStreamedWhileTheJobRuns() {
    startAgent(config("w1"));
    Path go = work.resolve("go");
    String id = submit(Submissions.command("echo first; while [ ! -f go ]; do sleep 0.05; done; echo second").cwd(work))
        .job().id();
    StringBuilder seen = new StringBuilder();

    JobView end = relayq.client.follow(id, 0, (attempt, stream, seq, bytes) -> {
      seen.append(new String(bytes, StandardCharsets.UTF_8));
      if (seen.toString().equals("first\n")) {
        // the job waits for this file, so "first" can only have arrived while it was running
        touch(go);
      }
    });

    assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(seen).hasToString("first\nsecond\n");
  }

  private static void touch(Path file) {
    try {
      Files.createFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void cancellingARunningJobKillsItsProcessGroup() {
    WorkerAgent agent = startAgent(config("w1"));
    String id = submit(Submissions.command("sleep 1000 & echo $! > bg.pid; echo $$ > sh.pid; sleep 1000").cwd(work))
        .job().id();
    long sh = awaitPid("sh.pid");
    long bg = awaitPid("bg.pid");

    relayq.client.cancel(id);

    JobView cancelled = awaitState(id, JobState.CANCELLED);
    assertThat(cancelled.reason()).isEqualTo(EndReason.CANCELLED);
    assertThat(Procs.isRunning(sh)).isFalse();
    assertThat(Procs.isRunning(bg)).isFalse();
    await().until(() -> agent.runningJobs() == 0);
  }

  @Test
  void aJobTakenAwayFromTheWorkerIsKilledThereAndRunsAgain() {
    WorkerAgent agent = startAgent(config("w1").withSlots(1));
    String id = submit(Submissions.command("echo $$ > attempt-$RELAYQ_ATTEMPT.pid; sleep 1000").cwd(work)
        .lease("3s").retries(1).retryBackoff("0s")).job().id();
    long first = awaitPid("attempt-1.pid");

    // the reaper as it would run a little after a silent worker's lease ran out: the job is re-queued
    assertThat(relayq.store.expireLeases(Instant.now().plusSeconds(4), 10)).hasSize(1);

    long second = awaitPid("attempt-2.pid");
    assertThat(Procs.isRunning(first)).as("the fenced attempt's process").isFalse();
    assertThat(Procs.isRunning(second)).isTrue();
    assertThat(relayq.client.job(id).attempt()).isEqualTo(2);
    assertThat(agent.runningJobs()).isEqualTo(1);
  }

  @Test
  void aLeaseThatCannotBeRenewedIsFencedWhenTheCoordinatorIsGone() {
    WorkerAgent agent = startAgent(config("w1"));
    submit(Submissions.command("echo $$ > sh.pid; sleep 1000").cwd(work).lease("2s"));
    long sh = awaitPid("sh.pid");

    relayq.stopServing();

    await().atMost(Duration.ofSeconds(8)).until(() -> !Procs.isRunning(sh));
    await().until(() -> agent.runningJobs() == 0);
  }

  @Test
  void drainLetsRunningJobsFinish() {
    WorkerAgent agent = startAgent(config("w1"));
    String id = submit(Submissions.command("touch started; sleep 0.5; echo done").cwd(work)).job().id();
    await().until(() -> Files.exists(work.resolve("started")));

    agent.drain(Duration.ofSeconds(20));

    assertThat(relayq.client.job(id).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(workerStatus("w1")).isEqualTo("offline");
  }

  @Test
  void drainReleasesJobsStillRunningAfterItsTimeout() {
    WorkerAgent agent = startAgent(config("w1"));
    String id = submit(Submissions.command("echo $$ > sh.pid; sleep 1000").cwd(work)).job().id();
    long sh = awaitPid("sh.pid");

    agent.drain(Duration.ofMillis(200));

    JobView job = relayq.client.job(id);
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    // a poll still open when the job went back to the queue may lease it once more: released unstarted
    assertThat(job.attempts()).isNotEmpty().allSatisfy(a -> assertThat(a.reason()).isEqualTo(EndReason.RELEASED));
    assertThat(Procs.isRunning(sh)).isFalse();
  }

  @Test
  void aSecondWorkerCannotTakeTheNameOfALiveOne(@TempDir Path otherState) {
    startAgent(config("w1"));

    assertThatThrownBy(() -> startAgent(config("w1").withStateDir(otherState)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker name 'w1' is taken")
        .hasMessageContaining("--name");
  }

  @Test
  void aRestartUnderTheSameIdentitySupersedesTheOldAgentAndKillsItsJobs() throws Exception {
    WorkerAgent old = startAgent(config("w1"));
    submit(Submissions.command("echo $$ > sh.pid; sleep 1000").cwd(work));
    long sh = awaitPid("sh.pid");

    startAgent(config("w1"));

    old.awaitStopped();
    assertThat(old.failure()).get().asString().contains("a newer start of worker 'w1' took over");
    assertThat(Procs.isRunning(sh)).isFalse();
  }

  @Test
  void healthShowsAPollLoopThatKeepsGoingRoundWhileTheCoordinatorIsDown() {
    WorkerAgent agent = startAgent(config("w1"));
    submit(Submissions.command("sleep 30").lease("20s"));
    await().until(() -> agent.health().runningJobs() == 1 && agent.health().lastHeartbeatOkAt() != null);
    assertThat(agent.health().registered()).isTrue();
    assertThat(agent.pollStallLimit()).isEqualTo(Duration.ofSeconds(40));

    relayq.stopServing();
    Instant down = Instant.now();

    // a poll caught in flight by the shutdown ends by its own HTTP timeout (waitMs + 10 s), still
    // well inside the stall limit the health check allows
    await().atMost(Duration.ofSeconds(20)).until(() -> agent.health().lastPollReturnedAt().isAfter(down.plusSeconds(1)));
    WorkerHealth health = agent.health();
    assertThat(health.pollLoopProgressing(Instant.now(), agent.pollStallLimit())).isTrue();
    assertThat(health.lastHeartbeatOkAt()).isBefore(down);
    assertThat(health.draining()).isFalse();
  }

  @Test
  void healthSaysDrainingAndUnregisteredOnceTheAgentStopped() {
    WorkerAgent agent = startAgent(config("w1"));

    agent.close();

    WorkerHealth health = agent.health();
    assertThat(health.draining()).isTrue();
    assertThat(health.registered()).isFalse();
    assertThat(health.runningJobs()).isZero();
  }

  @Test
  void aWorkerStartedWhileTheCoordinatorIsDownConnectsOnceItIsBack() throws Exception {
    relayq.stopServing();
    java.util.concurrent.CompletableFuture<WorkerAgent> starting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> startAgent(config("w1")));

    relayq.startServingAgain();

    WorkerAgent agent = starting.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(agent.health().registered()).isTrue();
    String id = submit(Submissions.command("echo late start")).job().id();
    assertThat(awaitState(id, JobState.SUCCEEDED).worker()).isEqualTo("w1");
  }

  @Test
  void aWorkerWithoutAStartWaitGivesUpAtOnceWhenTheCoordinatorIsDown() {
    relayq.stopServing();

    assertThatThrownBy(() -> startAgent(config("w1").withStartWait(Duration.ZERO)))
        .isInstanceOf(io.relayq.client.UnreachableException.class);
  }

  @Test
  void theWorkerAdvertisesGivenAndDetectedLabels() {
    startAgent(config("w1").withLabels(List.of("gpu")));

    WorkerView view = relayq.client.workers().workers().getFirst();
    assertThat(view.name()).isEqualTo("w1");
    assertThat(view.labels()).contains("gpu", "os:linux");
    assertThat(view.slots()).isEqualTo(2);
  }

  @Test
  void jobsWaitingForALabelRunOnTheWorkerThatHasIt() {
    startAgent(config("w1").withLabels(List.of("gpu")));

    String id = submit(Submissions.command("echo on-gpu").label("gpu")).job().id();

    assertThat(awaitState(id, JobState.SUCCEEDED).worker()).isEqualTo("w1");
  }

  @Test
  void manyJobsOnTwoWorkersRunExactlyOnceEach(@TempDir Path otherState) {
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    JobExecutor instant = (lease, output) -> {
      runs.computeIfAbsent(lease.jobId(), k -> new AtomicInteger()).incrementAndGet();
      return RunningAttempt.completed(AttemptResult.exited(0));
    };
    agents.add(WorkerAgent.start(config("w1").withSlots(8), instant));
    agents.add(WorkerAgent.start(config("w2").withSlots(8).withStateDir(otherState), instant));

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(submit(Submissions.command("true")).job().id());
    }

    await().atMost(Duration.ofSeconds(30))
        .until(() -> relayq.client.jobs(JobState.SUCCEEDED, null, null, 500, null).jobs().size() == ids.size());
    assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  private String workerStatus(String name) {
    return relayq.client.workers().workers().stream().filter(w -> w.name().equals(name)).findFirst()
        .map(WorkerView::status).orElse("unknown");
  }
}
