package io.relayq.bench;

import io.relayq.client.RelayqClient;
import io.relayq.core.JobState;
import io.relayq.core.api.JobView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Watches a coordinator drain its queue: done when the API shows no queued and no running job
 * (two one-row list calls every 25 ms, cheap next to the thousands of calls a second being
 * measured), while the finished-jobs counter of {@code /metrics} gives a progress curve and
 * the count. A drain still going when its budget runs out is cut: measured on the jobs that had
 * finished by then.
 */
final class DrainWatch {
  /** Two list calls per check: every 25 ms they stay near 1 % of the coordinator's work. */
  private static final long CHECK_EVERY_MS = 25;
  /** One scrape of /metrics costs the coordinator tens of milliseconds of CPU: sampled sparingly. */
  private static final long SAMPLE_EVERY_MS = 2000;

  /**
   * A drain, finished or cut.
   *
   * @param seconds from the given start until the queue was empty, or until the cut
   * @param progress (seconds since the start, jobs finished since watching began) pairs
   * @param watchedSeconds from the moment watching began (this call) until the end or the cut
   * @param watchedJobs jobs finished in that time, by the coordinator's counter; NaN without it
   * @param complete false when the budget ran out with jobs still queued or running
   */
  record Drained(double seconds, List<double[]> progress, double watchedSeconds, double watchedJobs,
      boolean complete) {
    /** Jobs a second while watched: the drain without whatever came before this call (agents starting). */
    double watchedRate() {
      return watchedJobs / watchedSeconds;
    }

    /** A note for the results when the drain was cut. */
    String cutNote(Duration budget) {
      return complete ? "" : String.format("cut after the %d s budget, measured on the %,.0f jobs finished by then",
          budget.toSeconds(), watchedJobs);
    }
  }

  private DrainWatch() {}

  /**
   * Watches the drain that began at {@code startNanos} ({@link System#nanoTime()}) for up to
   * {@code budget} from now.
   *
   * @throws BenchException when any job failed (every job of the benchmark must succeed), or when
   *     the budget ran out and no job at all had finished meanwhile, or the count is unknown
   */
  static Drained await(Cluster cluster, long startNanos, Duration budget) throws InterruptedException {
    RelayqClient client = cluster.client();
    List<double[]> progress = new ArrayList<>();
    try (FinishedCounter counter = new FinishedCounter(cluster.url(), cluster.token())) {
      long watchStart = System.nanoTime();
      OptionalDouble base = counter.read();
      long deadline = watchStart + budget.toNanos();
      long nextSample = watchStart;
      while (true) {
        long now = System.nanoTime();
        if (base.isPresent() && now - nextSample >= 0) {
          counter.read().ifPresent(f -> progress.add(new double[] {(now - startNanos) / 1e9, f - base.getAsDouble()}));
          nextSample = now + SAMPLE_EVERY_MS * 1_000_000;
        }
        boolean empty = empty(client, JobState.QUEUED) && empty(client, JobState.RUNNING);
        boolean cut = !empty && System.nanoTime() - deadline > 0;
        if (empty || cut) {
          long end = System.nanoTime();
          double seconds = (end - startNanos) / 1e9;
          double watched = Double.NaN;
          OptionalDouble finished = base.isPresent() ? counter.read() : OptionalDouble.empty();
          if (finished.isPresent() && finished.getAsDouble() > base.getAsDouble()) {
            watched = finished.getAsDouble() - base.getAsDouble();
            progress.add(new double[] {seconds, watched});
          }
          checkNoneFailed(client);
          if (cut && Double.isNaN(watched)) {
            throw new BenchException("jobs were still queued or running after the " + budget.toSeconds() + " s budget"
                + (base.isPresent() ? " and none had finished: the queue is stuck" : " and /metrics has no"
                + " relayq_jobs_finished_total to count the finished ones") + "; see the logs in "
                + cluster.coordinator().log().getParent());
          }
          return new Drained(seconds, progress, (end - watchStart) / 1e9, watched, !cut);
        }
        Thread.sleep(CHECK_EVERY_MS);
      }
    }
  }

  private static boolean empty(RelayqClient client, JobState state) {
    return client.jobs(state, null, null, 1, null).jobs().isEmpty();
  }

  private static void checkNoneFailed(RelayqClient client) {
    List<JobView> failed = client.jobs(JobState.FAILED, null, null, 1, null).jobs();
    if (!failed.isEmpty()) {
      JobView j = failed.getFirst();
      throw new BenchException("jobs failed, e.g. " + j.id() + ": " + j.reason() + " exit " + j.exitCode() + " "
          + (j.message() == null ? "" : j.message()));
    }
  }
}
