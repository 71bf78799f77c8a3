package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import io.relayq.it.Processes;
import java.nio.file.Files;
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
 * Scenario 7: timeouts and cancels leave no process of the job's group behind, grandchildren in
 * the background included, as the process table shows. Two known limits are tested to be exactly
 * what docs/RELIABILITY.md says: a grandchild that moves to its own session escapes the kill;
 * and jobs of a SIGKILLed worker keep running until that worker starts again, which then kills
 * them before it says hello.
 */
@Tag("chaos")
class OrphanIT {
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private CoordinatorNode coordinator;
  private WorkerNode worker;
  private RelayqClient client;
  private final List<Long> strays = new ArrayList<>();

  @BeforeEach
  void start() {
    coordinator = CoordinatorNode.start(dir);
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    worker = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "w", "--slots", "4");
    logs.watch(worker::jvm);
  }

  @AfterEach
  void stop() {
    strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    worker.close();
    client.close();
    coordinator.close();
  }

  /** A job whose shell starts two background grandchildren and writes every pid to {@code pids}. */
  private static String family(Path pids) {
    return "echo $$ > " + pids.resolve("shell") + "; sleep 300 & echo $! > " + pids.resolve("child1")
        + "; (sleep 300; true) & echo $! > " + pids.resolve("child2") + "; wait";
  }

  private List<Long> awaitPids(Path pids, String... names) {
    await("pids written").atMost(Duration.ofSeconds(30)).until(() -> {
      for (String n : names) {
        if (!Files.exists(pids.resolve(n)) || Files.size(pids.resolve(n)) == 0) {
          return false;
        }
      }
      return true;
    });
    List<Long> found = new ArrayList<>();
    for (String n : names) {
      try {
        found.add(Processes.readPid(pids.resolve(n)));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    strays.addAll(found);
    return found;
  }

  private JobView awaitFinal(String id) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> client.job(id), j -> j.state().isTerminal());
  }

  @Test
  void aTimeoutKillsTheWholeProcessGroup() throws Exception {
    Path pids = Files.createDirectories(dir.resolve("timeout"));
    String id = client.submit(JobSubmission.builder().command(family(pids)).timeout("2s").build()).job().id();
    List<Long> family = awaitPids(pids, "shell", "child1", "child2");
    long group = family.getFirst();
    assertThat(ProcessTable.liveMembersOf(group)).containsAll(family);

    JobView done = awaitFinal(id);

    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.reason()).isEqualTo(EndReason.TIMEOUT);
    assertThat(ProcessTable.liveMembersOf(group)).as("live processes of group " + group).isEmpty();
  }

  @Test
  void aCancelKillsTheWholeProcessGroup() throws Exception {
    Path pids = Files.createDirectories(dir.resolve("cancel"));
    String id = client.submit(JobSubmission.builder().command(family(pids)).build()).job().id();
    List<Long> family = awaitPids(pids, "shell", "child1", "child2");
    long group = family.getFirst();

    client.cancel(id);
    JobView done = awaitFinal(id);

    assertThat(done.state()).isEqualTo(JobState.CANCELLED);
    assertThat(ProcessTable.liveMembersOf(group)).as("live processes of group " + group).isEmpty();
  }

  @Test
  void knownLimitAGrandchildThatStartsItsOwnSessionEscapesTheKill() throws Exception {
    Path pids = Files.createDirectories(dir.resolve("escape"));
    String command = "echo $$ > " + pids.resolve("shell") + "; setsid sleep 300 & echo $! > "
        + pids.resolve("escaped") + "; sleep 300";
    String id = client.submit(JobSubmission.builder().command(command).timeout("2s").build()).job().id();
    List<Long> found = awaitPids(pids, "shell", "escaped");

    JobView done = awaitFinal(id);

    assertThat(done.reason()).isEqualTo(EndReason.TIMEOUT);
    assertThat(ProcessTable.liveMembersOf(found.getFirst())).as("the job's own group").isEmpty();
    assertThat(Processes.isRunning(found.get(1))).as("the grandchild in its own session still runs").isTrue();
  }

  @Test
  void jobsOfAKilledWorkerRunOnUntilItRestartsWhichKillsThemBeforeTheyRunAgain() throws Exception {
    Path pids = Files.createDirectories(dir.resolve("orphan"));
    String command = "echo $$ >> " + pids.resolve("shells") + "; if [ $RELAYQ_ATTEMPT = 1 ]; then sleep 300; fi";
    String id = client.submit(JobSubmission.builder().command(command).lease("10m").build()).job().id();
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pids.resolve("shells")));
    long orphan = Long.parseLong(Files.readAllLines(pids.resolve("shells")).getFirst());
    strays.add(orphan);

    worker.kill();
    assertThat(Processes.isRunning(orphan)).as("the job of a SIGKILLed worker lives on").isTrue();
    Instant restart = Instant.now();
    worker.restart();
    await("the orphan is killed by the restarted worker").atMost(Duration.ofSeconds(30))
        .until(() -> !Processes.isRunning(orphan));
    Duration killedAfter = Duration.between(restart, Instant.now());

    JobView done = awaitFinal(id);
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.attempts()).extracting(a -> a.reason()).containsExactly(EndReason.LOST, EndReason.EXIT);
    assertThat(done.attempts().get(1).startedAt()).as("the second run started only once the worker came back")
        .isAfter(restart);
    assertThat(worker.jvm().log()).contains("killing it so the job does not run twice");
    Figures.record("7 orphans", "worker restart to its predecessor's orphan killed", Figures.seconds(killedAfter));
  }
}
