package io.relayq.it;

import static org.awaitility.Awaitility.await;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Small helpers for submitting and waiting on jobs in end-to-end tests. */
final class Jobs {
  private Jobs() {}

  static JobView submit(RelayqClient client, JobSubmission.Builder b) {
    return client.submit(b.build()).job();
  }

  static JobView awaitState(RelayqClient client, String id, JobState state) {
    return awaitJob(client, id, j -> j.state() == state, Duration.ofSeconds(60));
  }

  static JobView awaitTerminal(RelayqClient client, String id) {
    return awaitJob(client, id, j -> j.state().isTerminal(), Duration.ofSeconds(60));
  }

  static JobView awaitJob(RelayqClient client, String id, Predicate<JobView> p, Duration atMost) {
    AtomicReference<JobView> last = new AtomicReference<>();
    await("job " + id).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
      JobView j = client.job(id);
      last.set(j);
      return p.test(j);
    });
    return last.get();
  }
}
