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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker SIGKILLed mid-job: the job runs again elsewhere and succeeds exactly once. */
class WorkerCrashIT {
  @TempDir Path dir;
  Cluster cluster;
  RelayqClient client;

  @BeforeEach
  void start() {
    cluster = Cluster.start(dir);
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void jobOfAKilledWorkerRunsAgainOnAnotherAfterTheLeaseExpires() throws Exception {
    WorkerProcess doomed = cluster.startWorker("doomed", "--labels", "first");
    Path started = dir.resolve("started");
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .command("echo $RELAYQ_ATTEMPT >> " + started + "; sleep 2; echo done")
        .lease("2s"));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
    assertThat(client.job(job.id()).worker()).isEqualTo("doomed");
    doomed.kill();
    cluster.startWorker("survivor");
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.worker()).isEqualTo("survivor");
    assertThat(done.attempts()).hasSize(2);
    assertThat(done.attempts().get(0).reason()).isEqualTo(EndReason.LOST);
    assertThat(done.attempts().get(0).worker()).isEqualTo("doomed");
    assertThat(done.attempts().get(1).reason()).isEqualTo(EndReason.EXIT);
    assertThat(done.attempts().stream().filter(a -> a.exitCode() != null && a.exitCode() == 0)).hasSize(1);
    assertThat(Files.readAllLines(started)).containsExactly("1", "2");
  }

  @Test
  void aWorkerRestartedUnderTheSameIdentityReleasesItsOldLeasesAtOnce() throws Exception {
    WorkerProcess first = cluster.startWorker("phoenix");
    Path started = dir.resolve("started");
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .command("echo $RELAYQ_ATTEMPT >> " + started + "; if [ $RELAYQ_ATTEMPT = 1 ]; then sleep 300; fi")
        .lease("10m"));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
    first.kill();
    cluster.startWorker("phoenix");
    // The lease was 10 minutes: only the restart under the same identity can have freed the job.
    JobView done = Jobs.awaitJob(client, job.id(), j -> j.state().isTerminal(), Duration.ofSeconds(30));
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.attempts()).extracting(a -> a.reason()).containsExactly(EndReason.LOST, EndReason.EXIT);
    assertThat(Files.readAllLines(started)).containsExactly("1", "2");
  }

  @Test
  void jobsOfAWorkerKilledUnderLoadEachSucceedExactlyOnce() {
    WorkerProcess a = cluster.startWorker("a", "--slots", "3");
    cluster.startWorker("b", "--slots", "3");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(Jobs.submit(client, JobSubmission.builder().command("sleep 0.5").lease("2s")).id());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.worker("a").running() > 0);
    a.kill();
    for (String id : ids) {
      JobView done = Jobs.awaitTerminal(client, id);
      assertThat(done.state()).as(id).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.attempts().stream().filter(x -> x.reason() == EndReason.EXIT)).as(id).hasSize(1);
      assertThat(done.attempts()).as(id).allMatch(x -> x.reason() == EndReason.EXIT || x.reason() == EndReason.LOST);
    }
  }
}
