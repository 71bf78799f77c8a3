package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import io.relayq.core.api.WorkerView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker above its CPU threshold takes nothing while another worker runs the jobs, says why, and
 * claims again by itself once its load drops. The load is injected through the worker's probe file.
 */
class LoadThresholdIT {
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
  void aWorkerAboveItsCpuThresholdTakesNothingUntilItsLoadDrops() throws Exception {
    Path probe = dir.resolve("pi-load");
    Files.writeString(probe, "cpu=95\nfree-memory=3G\n");
    cluster.startWorker("pi", "--slots", "2", "--cpu-threshold", "80", "--load-probe", probe.toString());
    cluster.startWorker("mini", "--slots", "2");

    WorkerView pi = cluster.worker("pi");
    assertThat(pi.cpuPercent()).isEqualTo(95.0);
    assertThat(pi.freeMemoryBytes()).isEqualTo(3L * 1024 * 1024 * 1024);
    assertThat(pi.paused()).isEqualTo("above its CPU threshold (load 95%, threshold 80%)");

    JobView forPi = Jobs.submit(client, JobSubmission.builder().command("true").worker("pi"));
    List<String> anywhere = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      anywhere.add(Jobs.submit(client, JobSubmission.builder().command("true")).id());
    }
    for (String id : anywhere) {
      JobView done = Jobs.awaitTerminal(client, id);
      assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(done.worker()).isEqualTo("mini");
    }
    JobView waiting = client.job(forPi.id());
    assertThat(waiting.state()).isEqualTo(JobState.QUEUED);
    assertThat(waiting.attempts()).isEmpty();
    assertThat(waiting.waiting())
        .isEqualTo("target worker pi is above its CPU threshold (load 95%, threshold 80%); it resumes by itself");

    Files.writeString(probe, "cpu=10\n");

    JobView ran = Jobs.awaitTerminal(client, forPi.id());
    assertThat(ran.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(ran.worker()).isEqualTo("pi");
    await("pi reports its lower load").atMost(Duration.ofSeconds(30))
        .until(() -> cluster.worker("pi").paused() == null);
    assertThat(cluster.worker("pi").cpuPercent()).isEqualTo(10.0);
  }

  @Test
  void aWorkerUnderItsFreeMemoryFloorTakesNothingUntilMemoryIsFreed() throws Exception {
    Path probe = dir.resolve("pi-load");
    Files.writeString(probe, "free-memory=100M\n");
    cluster.startWorker("pi", "--slots", "1", "--cpu-threshold", "0", "--min-free-memory", "512M",
        "--load-probe", probe.toString());

    assertThat(cluster.worker("pi").paused()).isEqualTo("under its free memory floor (100 MiB free, floor 512 MiB)");
    JobView job = Jobs.submit(client, JobSubmission.builder().command("true"));
    assertThat(client.job(job.id()).waiting())
        .isEqualTo("matching worker pi is under its free memory floor (100 MiB free, floor 512 MiB); it resumes by"
            + " itself");

    Files.writeString(probe, "free-memory=2G\n");

    assertThat(Jobs.awaitTerminal(client, job.id()).worker()).isEqualTo("pi");
  }
}
