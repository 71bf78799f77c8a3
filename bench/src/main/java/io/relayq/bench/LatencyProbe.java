package io.relayq.bench;

import io.relayq.client.Relayq;
import io.relayq.client.Submitted;
import io.relayq.core.JobState;
import io.relayq.core.JobSubmission;
import io.relayq.core.api.JobView;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequential round trips on an idle cluster: submit one job, wait for its result the way users do
 * ({@link io.relayq.client.JobHandle#await}: the job's event stream, no polling), then the next.
 * The total is timed on this side; the split into submit→start and start→visible uses the
 * coordinator's {@code startedAt}, which the store keeps to the millisecond.
 */
final class LatencyProbe {
  /** Rounds run first and not counted: connections and code paths get warm. */
  static final int WARM_UP = 10;
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Latencies in milliseconds.
   *
   * @param submitCall the submit call alone
   */
  record Run(Stats total, Stats submitToStart, Stats startToVisible, Stats submitCall) {}

  private LatencyProbe() {}

  /**
   * Runs {@code rounds} timed round trips, or fewer when {@code budget} runs out (the sample then
   * says how many).
   *
   * @throws BenchException when a job does not succeed, or takes longer than a minute
   */
  static Run run(URI server, String token, int rounds, JobSubmission submission, Duration budget) {
    return run(server, server, token, rounds, submission, budget);
  }

  /** As above, but each job is submitted to {@code submitTo} and waited for on {@code awaitOn}. */
  static Run run(URI submitTo, URI awaitOn, String token, int rounds, JobSubmission submission, Duration budget) {
    List<Double> total = new ArrayList<>();
    List<Double> toStart = new ArrayList<>();
    List<Double> toVisible = new ArrayList<>();
    List<Double> submitCall = new ArrayList<>();
    long deadline = System.nanoTime() + budget.toNanos();
    try (Relayq relayq = Relayq.connect(submitTo, token); Relayq waiter = Relayq.connect(awaitOn, token)) {
      for (int i = 0; i < WARM_UP + rounds && (i < WARM_UP || System.nanoTime() - deadline < 0); i++) {
        Instant sentAt = Instant.now();
        long t0 = System.nanoTime();
        Submitted s = relayq.client().submit(submission);
        long t1 = System.nanoTime();
        JobView end = waiter.handle(s.job().id()).await(JOB_TIMEOUT);
        long t2 = System.nanoTime();
        if (end.state() != JobState.SUCCEEDED) {
          throw new BenchException("round trip " + (i + 1) + ": job " + end.id() + " ended " + end.state().wireName()
              + " (" + end.reason() + ", exit " + end.exitCode() + ", " + end.message() + "), expected succeeded");
        }
        if (i < WARM_UP) {
          continue;
        }
        double all = (t2 - t0) / 1e6;
        double start = end.startedAt() == null ? Double.NaN
            : Math.max(0, Math.min(all, Duration.between(sentAt, end.startedAt()).toNanos() / 1e6));
        total.add(all);
        submitCall.add((t1 - t0) / 1e6);
        if (!Double.isNaN(start)) {
          toStart.add(start);
          toVisible.add(all - start);
        }
      }
    }
    return new Run(Stats.of(total), Stats.of(toStart), Stats.of(toVisible), Stats.of(submitCall));
  }
}
