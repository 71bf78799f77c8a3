package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one lease from start to report on its own virtual thread: starts the attempt, waits for
 * it, frees its slot, then delivers the result with the output not yet sent, or drops it when the
 * attempt was fenced.
 */
final class AttemptRunner {
  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final HeldLeases leases;
  private final ResultReporter reporter;
  private final Runnable onSlotFreed;

  AttemptRunner(HeldLeases leases, ResultReporter reporter, Runnable onSlotFreed) {
    this.leases = leases;
    this.reporter = reporter;
    this.onSlotFreed = onSlotFreed;
  }

  void run(ActiveAttempt attempt, JobExecutor executor, OutputSender output) {
    LeaseRef ref = attempt.ref();
    try {
      RunningAttempt running = start(attempt, executor, output);
      attempt.attach(running);
      AttemptResult result = running.await();
      endProcess(attempt);
      if (!result.reported()) {
        output.abandon();
        log.info("job {} attempt {}: {}; nothing reported", ref.jobId(), ref.attempt(), result.message());
        return;
      }
      List<OutputChunk> unsent = output.finish();
      if (unsent == null) {
        return;
      }
      reporter.deliver(ref, result.toReport(ref.attempt(), unsent));
    } catch (InterruptedException e) {
      attempt.kill(KillReason.FENCE);
      output.abandon();
      log.warn("job {} attempt {}: the worker stopped before the coordinator took the result; the job"
          + " will be retried when its lease expires", ref.jobId(), ref.attempt());
    } finally {
      endProcess(attempt);
      leases.remove(attempt);
    }
  }

  private static RunningAttempt start(ActiveAttempt attempt, JobExecutor executor, OutputSender output) {
    try {
      return executor.start(attempt.lease(), output);
    } catch (RuntimeException e) {
      log.error("job {} attempt {}: the executor failed to start it", attempt.ref().jobId(), attempt.ref().attempt(), e);
      return RunningAttempt.completed(AttemptResult.startFailed("the worker could not start the job: " + e));
    }
  }

  private void endProcess(ActiveAttempt attempt) {
    if (!attempt.processEnded()) {
      leases.processEnded(attempt);
      onSlotFreed.run();
    }
  }
}
