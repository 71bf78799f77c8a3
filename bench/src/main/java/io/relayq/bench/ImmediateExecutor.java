package io.relayq.bench;

import io.relayq.core.api.LeaseGrant;
import io.relayq.worker.AttemptResult;
import io.relayq.worker.JobExecutor;
import io.relayq.worker.OutputSink;
import io.relayq.worker.RunningAttempt;

/**
 * Ends every attempt at once with exit code 0 and no output, so a drain measures the queue alone:
 * polls, leases, finish reports and the store, without process spawns.
 */
final class ImmediateExecutor implements JobExecutor {
  private static final RunningAttempt DONE = RunningAttempt.completed(AttemptResult.exited(0));

  @Override
  public RunningAttempt start(LeaseGrant lease, OutputSink output) {
    return DONE;
  }
}
