package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import io.relayq.core.api.WorkerView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 8: jobs that go wrong in the ways real ones do. Each gets a clear outcome, and the one
 * worker that ran them all stays healthy: still online, same process, and it runs the next job.
 */
@Tag("chaos")
class BadJobsIT {
  /** Just under the default 64 MiB output cap, so all of it is kept (OutputCapIT tests the cap). */
  private static final long SIXTY_MB = 60L * 1024 * 1024;
  @RegisterExtension static final LogsOnFailure logs = new LogsOnFailure();
  @TempDir static Path dir;
  private static CoordinatorNode coordinator;
  private static WorkerNode worker;
  private static long workerPid;
  private static RelayqClient client;

  @BeforeAll
  static void start() {
    coordinator = CoordinatorNode.start(dir);
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    worker = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "w", "--slots", "2");
    logs.watch(worker::jvm);
    workerPid = worker.jvm().pid();
  }

  @AfterAll
  static void stop() {
    worker.close();
    client.close();
    coordinator.close();
  }

  private static JobView run(JobSubmission.Builder job) {
    String id = client.submit(job.retries(0).build()).job().id();
    JobView done = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
        .until(() -> client.job(id), j -> j.state().isTerminal());
    assertWorkerHealthy();
    return done;
  }

  private static void assertWorkerHealthy() {
    assertThat(worker.jvm().isAlive()).as("worker process").isTrue();
    assertThat(worker.jvm().pid()).isEqualTo(workerPid);
    WorkerView view = client.workers().workers().stream().filter(w -> w.name().equals("w")).findFirst().orElseThrow();
    assertThat(view.status()).isEqualTo("online");
    JobView next = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> client.job(client.submit(JobSubmission.builder().command("echo next").build()).job().id()),
            j -> j.state().isTerminal() || j.state() == JobState.RUNNING);
    assertThat(next.state()).isIn(JobState.SUCCEEDED, JobState.RUNNING);
  }

  @Test
  void aShellCommandThatDoesNotExistFailsWithExitCode127AndTheShellsMessage() {
    JobView done = run(JobSubmission.builder().command("no-such-command-xyz"));

    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.exitCode()).isEqualTo(127);
    assertThat(client.output(done.id(), 1, OutputChannel.STDERR)).asString().contains("no-such-command-xyz");
  }

  @Test
  void aProgramThatDoesNotExistFailsToStartSayingWhichOne() {
    JobView done = run(JobSubmission.builder().argv(List.of("no-such-program-xyz", "--flag")));

    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.reason()).isEqualTo(EndReason.START_FAILED);
    assertThat(done.message()).contains("no-such-program-xyz").contains("PATH");
  }

  @Test
  void aWorkingDirectoryThatDoesNotExistFailsToStartSayingWhichOne() {
    JobView done = run(JobSubmission.builder().command("pwd").cwd("/no/such/dir"));

    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.reason()).isEqualTo(EndReason.START_FAILED);
    assertThat(done.message()).contains("/no/such/dir").contains("does not exist");
  }

  @Test
  void aJobThatClosesItsStdoutEarlyStillRunsToItsEnd() {
    JobView done = run(JobSubmission.builder().command("echo before; exec 1>&-; sleep 0.5; echo still-here >&2"));

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(client.output(done.id(), 1, OutputChannel.STDOUT)).asString().isEqualTo("before\n");
    assertThat(client.output(done.id(), 1, OutputChannel.STDERR)).asString().isEqualTo("still-here\n");
  }

  @Test
  void aJobThatPrints60MbSucceedsWithAllOfItStored() {
    Instant from = Instant.now();
    JobView done = run(JobSubmission.builder().command("head -c " + SIXTY_MB + " /dev/zero"));
    Duration took = Duration.between(from, Instant.now());

    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    byte[] out = client.output(done.id(), 1, OutputChannel.STDOUT);
    assertThat((long) out.length).isEqualTo(SIXTY_MB);
    Figures.record("8 bad jobs", "60 MB of output: submit to succeeded (worker JVM -Xmx128m)", Figures.seconds(took));
  }
}
