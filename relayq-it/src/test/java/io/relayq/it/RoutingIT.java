package io.relayq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs go only to workers they may run on, in priority order. */
class RoutingIT {
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
  void jobsRunOnTheNamedWorkerOrOnOneWithTheRequiredLabels() {
    cluster.startWorker("rpi4", "--labels", "light,arm", "--slots", "2");
    cluster.startWorker("mini", "--labels", "heavy", "--slots", "2");
    List<String> onRpi = new ArrayList<>();
    List<String> heavy = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      onRpi.add(Jobs.submit(client, JobSubmission.builder().command("true").worker("rpi4")).id());
      heavy.add(Jobs.submit(client, JobSubmission.builder().command("true").labels(List.of("heavy"))).id());
    }
    for (String id : onRpi) {
      assertThat(Jobs.awaitTerminal(client, id).worker()).isEqualTo("rpi4");
    }
    for (String id : heavy) {
      assertThat(Jobs.awaitTerminal(client, id).worker()).isEqualTo("mini");
    }
    JobView both = Jobs.submit(client, JobSubmission.builder().command("true").labels(List.of("light", "arm")));
    assertThat(Jobs.awaitTerminal(client, both.id()).worker()).isEqualTo("rpi4");
  }

  @Test
  void aJobNobodyMatchesStaysQueuedAndSaysWhy() {
    cluster.startWorker("rpi4", "--labels", "light");
    JobView gpu = Jobs.submit(client, JobSubmission.builder().command("true").labels(List.of("gpu")));
    JobView offline = Jobs.submit(client, JobSubmission.builder().command("true").worker("mac-mini"));
    JobView control = Jobs.submit(client, JobSubmission.builder().command("true"));
    Jobs.awaitTerminal(client, control.id());
    JobView g = client.job(gpu.id());
    assertThat(g.state()).isEqualTo(JobState.QUEUED);
    assertThat(g.waiting()).contains("label gpu").contains("rpi4");
    JobView o = client.job(offline.id());
    assertThat(o.state()).isEqualTo(JobState.QUEUED);
    assertThat(o.waiting()).contains("mac-mini");
  }

  @Test
  void higherPriorityRunsFirstAndEqualPriorityInSubmitOrder() {
    List<String> ids = new ArrayList<>();
    int[] priorities = {0, 5, 0, 10, 5, -1};
    for (int p : priorities) {
      ids.add(Jobs.submit(client, JobSubmission.builder().command("true").priority(p)).id());
    }
    cluster.startWorker("solo", "--slots", "1");
    List<JobView> done = new ArrayList<>();
    for (String id : ids) {
      done.add(Jobs.awaitJob(client, id, j -> j.state() == JobState.SUCCEEDED, Duration.ofSeconds(60)));
    }
    List<String> startOrder = done.stream().sorted(Comparator.comparing(JobView::startedAt)).map(JobView::id).toList();
    assertThat(startOrder).containsExactly(ids.get(3), ids.get(1), ids.get(4), ids.get(0), ids.get(2), ids.get(5));
  }
}
