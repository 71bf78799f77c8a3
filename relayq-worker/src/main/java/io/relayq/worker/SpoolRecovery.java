package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting worker does with the spools its earlier runs left (a crash, or a stop while the
 * coordinator was down): kills the jobs they left running, delivers every finish report they
 * recorded, with its output, and the output of attempts that never finished, then deletes them. It runs before the worker says hello,
 * because hello releases the leases of earlier runs: after it, their results would be refused as
 * stale and the jobs would run again.
 */
final class SpoolRecovery {
  private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);

  private SpoolRecovery() {}

  /** How the delivery of earlier runs' spools went, and how many of their process groups still ran. */
  record Recovered(int accepted, int refused, int killedGroups) {}

  /**
   * Kills the jobs earlier runs of worker {@code name} left running (see {@link ProcessLedger}; TERM,
   * then KILL after {@code killGrace}), then delivers what they spooled under {@code stateDir}. A
   * spool is deleted once all of it was taken or refused.
   *
   * @throws io.relayq.client.UnreachableException when the coordinator does not answer (or
   *     {@link io.relayq.client.ApiErrorException} when it answers 5xx); the spool is kept for the
   *     next start
   */
  static Recovered deliver(Path stateDir, String name, ResultReporter reporter, Duration killGrace) {
    int accepted = 0;
    int refused = 0;
    int killed = 0;
    for (WorkerSpool.PreviousRun run : WorkerSpool.previousRuns(stateDir, name)) {
      try (run) {
        killed += ProcessLedger.killLeftovers(run.dir(), killGrace);
        Map<LeaseRef, List<StreamSegments>> output = new HashMap<>(run.output());
        for (ResultSpool.Entry e : run.results()) {
          List<StreamSegments> disk = output.remove(e.ref());
          ResultReporter.Delivery d = reporter.deliver(e.ref(), e.report(), disk == null ? List.of() : disk, false);
          if (d == ResultReporter.Delivery.ACCEPTED) {
            accepted++;
            log.info("job {} attempt {}: delivered the result '{}' that an earlier run of this worker spooled",
                e.jobId(), e.attempt(), e.report().outcome());
          } else {
            refused++;
          }
        }
        // attempts that never finished: their output still tells what they did before the worker died
        for (Map.Entry<LeaseRef, List<StreamSegments>> o : output.entrySet()) {
          reporter.deliverOutput(o.getKey(), "output of an unfinished attempt", o.getValue(), false);
        }
        run.delete();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while delivering the spool of an earlier run");
      }
    }
    return new Recovered(accepted, refused, killed);
  }
}
