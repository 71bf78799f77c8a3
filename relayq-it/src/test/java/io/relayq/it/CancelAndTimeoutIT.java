package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancel and timeout kill the whole process group, grandchildren included. */
class CancelAndTimeoutIT {
  @TempDir static Path dir;
  static Cluster cluster;
  static RelayqClient client;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start(dir);
    cluster.startWorker("w1", "--slots", "4", "--labels", "here");
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** A job whose shell starts a grandchild in the background, writing both pids to files. */
  private static String familyCommand(Path pids) {
    return "sleep 300 & echo $! > " + pids.resolve("grandchild") + "; echo $$ > " + pids.resolve("shell")
        + "; wait";
  }

  private static List<Long> awaitPids(Path pids) {
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pids.resolve("grandchild"))
        && Files.exists(pids.resolve("shell")) && Files.size(pids.resolve("shell")) > 0
        && Files.size(pids.resolve("grandchild")) > 0);
    try {
      return List.of(Processes.readPid(pids.resolve("shell")), Processes.readPid(pids.resolve("grandchild")));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void cancellingAQueuedJobCancelsItAtOnce() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("true").labels(List.of("nowhere")));
    JobView cancelled = client.cancel(job.id());
    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(client.job(job.id()).attempts()).isEmpty();
  }

  @Test
  void cancellingARunningJobKillsItsWholeProcessGroup() throws Exception {
    Path pids = Files.createDirectories(dir.resolve("cancel-pids"));
    JobView job = Jobs.submit(client, JobSubmission.builder().command(familyCommand(pids)));
    List<Long> family = awaitPids(pids);
    assertThat(family).allMatch(Processes::isRunning);
    JobView afterRequest = client.cancel(job.id());
    assertThat(afterRequest.state() == JobState.CANCELLED || afterRequest.cancelRequested()).isTrue();
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.CANCELLED);
    await("process group gone").atMost(Duration.ofSeconds(15))
        .until(() -> family.stream().noneMatch(Processes::isRunning));
  }

  @Test
  void timeoutKillsGrandchildrenAndFailsTheJob() throws Exception {
    Path pids = Files.createDirectories(dir.resolve("timeout-pids"));
    JobView job = Jobs.submit(client, JobSubmission.builder().command(familyCommand(pids)).timeout("2s"));
    List<Long> family = awaitPids(pids);
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.reason()).isEqualTo(EndReason.TIMEOUT);
    await("process group gone").atMost(Duration.ofSeconds(15))
        .until(() -> family.stream().noneMatch(Processes::isRunning));
    assertThat(done.attempts()).hasSize(1);
  }

  @Test
  void cancellingAFinishedJobChangesNothing() {
    JobView job = Jobs.submit(client, JobSubmission.builder().command("true"));
    Jobs.awaitTerminal(client, job.id());
    try {
      client.cancel(job.id());
    } catch (io.relayq.client.ConflictException expected) {
      assertThat(expected.code()).isEqualTo("already_finished");
    }
    assertThat(client.job(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
  }
}
