package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preferred workers, concurrency groups and dependencies with real worker processes. */
class SchedulingIT {
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
  void aGroupWithLimitOneNeverRunsTwoJobsAtOnceUnderConcurrentSubmits() throws Exception {
    cluster.startWorker("mini", "--slots", "2");
    cluster.startWorker("rpi4", "--slots", "2");
    cluster.startWorker("vm", "--slots", "2");
    ExecutorService submitters = Executors.newFixedThreadPool(8);
    List<Future<String>> submitted = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        submitted.add(submitters.submit(() -> Jobs.submit(client,
            JobSubmission.builder().command("sleep 0.05").group("transcode").groupLimit(1)).id()));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : submitted) {
        ids.add(f.get());
      }
      List<Attempt> attempts = new ArrayList<>();
      for (String id : ids) {
        JobView done = Jobs.awaitJob(client, id, j -> j.state().isTerminal(), Duration.ofMinutes(3));
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        attempts.addAll(client.job(id).attempts());
      }
      attempts.sort(Comparator.comparing(Attempt::startedAt));
      for (int i = 1; i < attempts.size(); i++) {
        assertThat(attempts.get(i).startedAt()).as("attempt %s started before %s ended", attempts.get(i),
            attempts.get(i - 1)).isAfterOrEqualTo(attempts.get(i - 1).endedAt());
      }
    } finally {
      submitters.shutdownNow();
    }
  }

  @Test
  void aPreferredJobWaitsWhileItsWorkerIsBusyThenAnotherWorkerTakesIt() {
    cluster.startWorker("mini", "--labels", "mac", "--slots", "1");
    cluster.startWorker("rpi4", "--labels", "light", "--slots", "1");
    JobView blocker = Jobs.submit(client, JobSubmission.builder().command("sleep 60").worker("mini"));
    Jobs.awaitState(client, blocker.id(), JobState.RUNNING);

    JobView preferred = Jobs.submit(client,
        JobSubmission.builder().command("true").prefer(List.of("mac")).preferWait("10s"));
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
        assertThat(client.job(preferred.id()).waiting()).startsWith("waiting for preferred worker mac"));
    assertThat(client.job(preferred.id()).state()).isEqualTo(JobState.QUEUED);

    JobView done = Jobs.awaitTerminal(client, preferred.id());
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.worker()).isEqualTo("rpi4");
    assertThat(done.startedAt()).isAfterOrEqualTo(done.createdAt().plusSeconds(10));
    client.cancel(blocker.id());
  }

  @Test
  void aChainRunsInOrderAndAFailureEndsTheRestWithoutRunningThem() {
    cluster.startWorker("mini", "--slots", "4");
    JobView build = Jobs.submit(client, JobSubmission.builder().command("sleep 0.2; echo built"));
    JobView deploy = Jobs.submit(client, JobSubmission.builder().command("true").after(List.of(build.id())));
    JobView broken = Jobs.submit(client, JobSubmission.builder().command("exit 3").retries(0));
    JobView never = Jobs.submit(client, JobSubmission.builder().command("touch never").after(List.of(broken.id())));
    JobView neither = Jobs.submit(client, JobSubmission.builder().command("true").after(List.of(never.id())));

    JobView deployed = Jobs.awaitTerminal(client, deploy.id());
    assertThat(deployed.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(deployed.startedAt()).isAfterOrEqualTo(client.job(build.id()).finishedAt());
    for (JobView id : List.of(never, neither)) {
      JobView ended = Jobs.awaitTerminal(client, id.id());
      assertThat(ended.state()).isEqualTo(JobState.FAILED);
      assertThat(ended.reason()).isEqualTo(EndReason.DEPENDENCY_FAILED);
      assertThat(client.job(id.id()).attempts()).isEmpty();
    }
  }
}
