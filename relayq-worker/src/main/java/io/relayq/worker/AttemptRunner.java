package io.relayq.worker;

import io.relayq.core.api.FinishReport;
import io.relayq.core.api.LeaseRef;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one lease from start to report on its own virtual thread: starts the attempt, waits for
 * it, frees its slot, records the result in the spool (forced to disk), then delivers it with the
 * output not yet sent, or drops it when the attempt was fenced. A result recorded but not yet
 * delivered when the worker stops stays in the spool for the next start to deliver.
 */
final class AttemptRunner {
  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final HeldLeases leases;
  private final ResultReporter reporter;
  private final WorkerSpool spool;
  private final Runnable onSlotFreed;
  private final AttemptFiles files;

  AttemptRunner(HeldLeases leases, ResultReporter reporter, WorkerSpool spool, Runnable onSlotFreed,
      AttemptFiles files) {
    this.leases = leases;
    this.reporter = reporter;
    this.spool = spool;
    this.onSlotFreed = onSlotFreed;
    this.files = files;
  }

  void run(ActiveAttempt attempt, JobExecutor executor, OutputSender output) {
    LeaseRef ref = attempt.ref();
    boolean keepSpooled = false;
    try {
      AttemptFiles.Prepared prepared = attempt.lease().spec().hasFiles() ? files.prepare(attempt.lease()) : null;
      RunningAttempt running = prepared == null ? start(attempt, executor, output, null)
          : prepared.failure() != null ? RunningAttempt.completed(AttemptResult.startFailed(prepared.failure()))
          : start(attempt, executor, output, prepared.dir());
      running.processGroup().ifPresent(group -> spool.ledger().started(ref, group));
      attempt.attach(running);
      AttemptResult result = running.await();
      if (prepared != null && prepared.dir() != null) {
        result = files.collect(attempt.lease(), prepared.dir(), result, output);
      }
      endProcess(attempt);
      if (!result.reported()) {
        output.abandon();
        log.info("job {} attempt {}: {}; nothing reported", ref.jobId(), ref.attempt(), result.message());
        return;
      }
      SpooledOutput rest = output.finish();
      if (rest == null) {
        return;
      }
      FinishReport report = result.toReport(ref.attempt(), rest.tail());
      keepSpooled = record(ref, report, rest);
      reporter.deliver(ref, report, rest.disk());
      keepSpooled = false;
      spool.results().done(ref);
    } catch (InterruptedException e) {
      if (keepSpooled) {
        log.info("job {} attempt {}: the worker stops before the coordinator took the result; it stays in the"
            + " spool {} and the next start of this worker delivers it", ref.jobId(), ref.attempt(), spool.dir());
      } else {
        attempt.kill(KillReason.FENCE);
        output.abandon();
        log.warn("job {} attempt {}: the worker stopped before the coordinator took the result; the job"
            + " will be retried when its lease expires", ref.jobId(), ref.attempt());
      }
    } catch (RuntimeException e) {
      // a spool file that cannot be read back, say: the result is not lost if it was recorded
      log.error("job {} attempt {}: delivering the result failed{}", ref.jobId(), ref.attempt(),
          keepSpooled ? "; it stays in the spool " + spool.dir() + " for the next start of this worker" : "", e);
    } finally {
      endProcess(attempt);
      spool.ledger().ended(ref);
      if (!keepSpooled) {
        spool.output().remove(ref);
      }
      leases.remove(attempt);
    }
  }

  /** Records the result on disk; false (logged) when the disk refuses, so it lives in memory only. */
  private boolean record(LeaseRef ref, FinishReport report, SpooledOutput rest) {
    try {
      rest.force();
      spool.results().record(ref, report);
      return true;
    } catch (IOException | RuntimeException e) {
      log.error("job {} attempt {}: cannot record its result in the spool {} ({}); delivering it from memory only,"
          + " so it is lost if this worker dies before the coordinator takes it (free space on the state directory)",
          ref.jobId(), ref.attempt(), spool.dir(), e.toString());
      return false;
    }
  }

  private static RunningAttempt start(ActiveAttempt attempt, JobExecutor executor, OutputSender output,
      Path filesDir) {
    try {
      return filesDir == null ? executor.start(attempt.lease(), output)
          : executor.start(attempt.lease(), output, filesDir);
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
