package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real job reports progress with {@code relayq progress}; the coordinator shows it while it runs and after. */
class ProgressIT {
  @TempDir Path dir;
  Cluster cluster;
  RelayqClient client;

  @BeforeEach
  void start() {
    cluster = Cluster.start(dir);
    client = cluster.client();
    cluster.startWorker("w1", "--slots", "1");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aJobsLastProgressLineReachesItsStatus() throws Exception {
    Path release = dir.resolve("release");
    String java = ProcessHandle.current().info().command().orElse("java");
    String relayq = "'" + java + "' -cp \"$CP\" io.relayq.cli.Main";
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .command(relayq + " progress 10 starting && " + relayq + " progress 42 encoding pass 2"
            + " && while [ ! -e \"$RELEASE\" ]; do sleep 0.1; done")
        .env(Map.of("CP", System.getProperty("java.class.path"), "RELEASE", release.toString())));

    JobView running = Jobs.awaitJob(client, job.id(), j -> j.progress() != null && j.progress() == 42,
        Duration.ofSeconds(60));
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.progressText()).isEqualTo("encoding pass 2");

    Files.writeString(release, "");
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.progress()).isEqualTo(42);
    assertThat(done.progressText()).isEqualTo("encoding pass 2");
  }

  @Test
  void anyProgramCanWriteTheFileAndTheLastValidLineWins() {
    JobView job = Jobs.submit(client, JobSubmission.builder()
        .command("echo '5 warming up' > \"$RELAYQ_PROGRESS_FILE\"; echo 'not a progress line' >> \"$RELAYQ_PROGRESS_FILE\";"
            + " sleep 2"));

    JobView first = Jobs.awaitJob(client, job.id(), j -> j.progress() != null, Duration.ofSeconds(60));
    assertThat(first.progress()).isEqualTo(5);
    assertThat(first.progressText()).isEqualTo("warming up");
    assertThat(Jobs.awaitTerminal(client, job.id()).state()).isEqualTo(JobState.SUCCEEDED);
  }
}
