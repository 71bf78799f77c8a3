package io.relayq.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
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
 * Scenario 5: SIGTERM to a worker with running jobs and more waiting. It must take no new job,
 * let the job that ends within its drain timeout finish there, kill and release the one that
 * does not (it runs again elsewhere), and exit 0 within the drain timeout plus a few seconds.
 */
@Tag("chaos")
class DrainIT {
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);
  @RegisterExtension final LogsOnFailure logs = new LogsOnFailure();
  @TempDir Path dir;
  private CoordinatorNode coordinator;
  private WorkerNode draining;
  private WorkerNode other;
  private RelayqClient client;

  @BeforeEach
  void start() {
    coordinator = CoordinatorNode.start(dir);
    logs.watch(coordinator::jvm);
    client = RelayqClient.connect(coordinator.url(), coordinator.adminToken());
    draining = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "draining", "--slots", "2", "--drain-timeout", "3s");
    logs.watch(draining::jvm);
    logs.watch(() -> other == null ? null : other.jvm());
  }

  @AfterEach
  void stop() {
    draining.close();
    if (other != null) {
      other.close();
    }
    client.close();
    coordinator.close();
  }

  @Test
  void aDrainingWorkerFinishesWhatItCanReleasesTheRestAndTakesNothingNew() {
    GatedJob finishes = GatedJob.in(dir, "finishes");
    GatedJob tooLong = GatedJob.in(dir, "too-long");
    String finishesId = submit(finishes.command("echo finished"));
    String tooLongId = submit(tooLong.command("echo released-then-$RELAYQ_ATTEMPT"));
    await("both slots busy").atMost(Duration.ofSeconds(30)).until(() -> finishes.started() && tooLong.started());
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(submit("echo waiting"));
    }
    long releasedShell = tooLong.pids().getFirst();

    Instant term = Instant.now();
    draining.jvm().terminate();
    finishes.open();
    int exitCode = draining.jvm().awaitExit((int) DRAIN_TIMEOUT.toSeconds() + 15);
    Duration stoppedAfter = Duration.between(term, Instant.now());

    assertThat(exitCode).isZero();
    assertThat(Processes.isRunning(releasedShell)).as("the released job's process").isFalse();
    JobView finished = client.job(finishesId);
    assertThat(finished.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(finished.worker()).isEqualTo("draining");
    JobView released = client.job(tooLongId);
    assertThat(released.state()).isEqualTo(JobState.QUEUED);
    assertThat(released.attempts()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo(EndReason.RELEASED));
    for (String id : waiting) {
      assertThat(client.job(id).attempts()).as("a job waiting when the drain began").isEmpty();
    }

    tooLong.open();
    other = WorkerNode.start(dir, coordinator.url(), coordinator.workerToken(), "other", "--slots", "4");
    for (String id : concat(waiting, tooLongId)) {
      JobView done = await().atMost(Duration.ofSeconds(30)).until(() -> client.job(id), j -> j.state().isTerminal());
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.worker()).isEqualTo("other");
    }
    assertThat(tooLong.ends()).containsExactly("2");
    Figures.record("5 graceful drain (timeout 3 s)", "SIGTERM to exit 0 / jobs started after SIGTERM / jobs lost",
        Figures.seconds(stoppedAfter) + " / 0 / 0");
  }

  private String submit(String command) {
    return client.submit(JobSubmission.builder().command(command).build()).job().id();
  }

  private static List<String> concat(List<String> ids, String one) {
    List<String> all = new ArrayList<>(ids);
    all.add(one);
    return all;
  }
}
