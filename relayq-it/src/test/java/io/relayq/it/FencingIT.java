package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayq.client.ConflictException;
import io.relayq.client.RelayqClient;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.JobView;
import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.PollRequest;
import io.relayq.core.api.WorkerHello;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie worker (one whose lease expired while it was away) speaks the real protocol; the
 * coordinator must refuse everything it says about the job once the job moved on.
 */
class FencingIT {
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
  void aLateCompletionWithAnOldFencingTokenIsRefused() {
    WorkerProtocolClient zombie = cluster.protocol();
    zombie.hello("zombie", new WorkerHello(UUID.randomUUID().toString(), "inc-1", List.of(), 1, "test", "host"));
    JobView job = Jobs.submit(client, JobSubmission.builder().command("echo real").lease("1s"));
    List<LeaseGrant> leases = zombie.poll("zombie", new PollRequest("inc-1", 1, 5000)).jobs();
    assertThat(leases).singleElement().satisfies(l -> assertThat(l.attempt()).isEqualTo(1));
    // The zombie goes silent; the reaper takes the job back after its 1 s lease.
    await().atMost(Duration.ofSeconds(20)).until(() -> client.job(job.id()).state() == JobState.QUEUED);
    cluster.startWorker("honest");
    JobView done = Jobs.awaitTerminal(client, job.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.attempt()).isEqualTo(2);

    assertThatThrownBy(() -> zombie.finish(job.id(), new FinishReport(1, "exited", 1, null, List.of())))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).isStaleLease()).isTrue());
    assertThatThrownBy(() -> zombie.output(job.id(), 1, OutputChannel.STDOUT, 0, "zombie\n".getBytes()))
        .isInstanceOf(ConflictException.class);

    JobView after = client.job(job.id());
    assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(after.exitCode()).isZero();
    assertThat(client.output(job.id(), 2, OutputChannel.STDOUT)).asString().isEqualTo("real\n");
    assertThat(client.output(job.id(), 1, OutputChannel.STDOUT)).isEmpty();
  }
}
