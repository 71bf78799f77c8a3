package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.coordinator.CoordinatorConfig;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job printing past the coordinator's output cap: output stops at the cap with a marker, the job runs on. */
class OutputCapIT {
  private static final int CAP = 64 * 1024;
  private static final String MARKER = "\n[relayq: output truncated at 65536 bytes]\n";

  @TempDir
  Path dir;

  @Test
  void outputPastTheCapIsCutWithOneMarkerLineAndTheJobsResultIsRecorded() {
    try (Cluster cluster = Cluster.start(dir, CoordinatorConfig.defaults().withMaxOutputBytes(CAP))) {
      WorkerProcess worker = cluster.startWorker("w1");
      JobView job = Jobs.submit(cluster.client(), JobSubmission.builder()
          .command("head -c 2000000 /dev/zero | tr '\\0' x; sleep 1; echo ran-to-the-end > finished.txt;"
              + " cat finished.txt >&2; exit 3"));

      JobView done = Jobs.awaitTerminal(cluster.client(), job.id());

      assertThat(done.state()).as("the job ran to its end after the cap").isEqualTo(JobState.FAILED);
      assertThat(done.exitCode()).isEqualTo(3);
      String stdout = new String(cluster.client().output(job.id(), null, OutputChannel.STDOUT), StandardCharsets.UTF_8);
      String all = new String(cluster.client().output(job.id(), null, null), StandardCharsets.UTF_8);
      assertThat(stdout).endsWith(MARKER);
      assertThat(stdout.substring(0, stdout.length() - MARKER.length())).matches("x+");
      assertThat(all.split("output truncated", -1)).as("one marker").hasSize(2);
      assertThat(all.length()).isEqualTo(CAP + MARKER.length());
      assertThat(cluster.store().outputBytes(job.id(), 1)).isEqualTo(CAP + MARKER.length());
      assertThat(worker.log()).contains("its further output is not sent").doesNotContain("please report this");
    }
  }
}
