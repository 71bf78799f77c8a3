package io.relayq.worker;

import io.relayq.core.api.LeaseGrant;
import java.nio.file.Path;

/**
 * Runs the attempts a worker leases. {@link ProcessJobExecutor} runs real processes; others (a
 * benchmark's, which completes at once) can be plugged into {@link WorkerAgent#start(WorkerConfig,
 * JobExecutor)}.
 */
public interface JobExecutor {

  /**
   * Starts attempt {@code lease.attempt()} of {@code lease.jobId()}, writing its output to
   * {@code output}. Does not throw for a job that cannot start: the attempt then ends at once with
   * {@link AttemptResult.Outcome#START_FAILED} and a message saying why.
   */
  RunningAttempt start(LeaseGrant lease, OutputSink output);

  /**
   * Starts the attempt of a job with files in {@code filesDir}, which holds its inputs and is where
   * its outputs are collected from. An executor that runs no processes ignores the directory.
   */
  default RunningAttempt start(LeaseGrant lease, OutputSink output, Path filesDir) {
    return start(lease, output);
  }
}
