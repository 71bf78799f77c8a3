package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.store.JobStore;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds running jobs whose lease ran out (the worker crashed, was partitioned, or stopped renewing)
 * and moves them through the state machine: re-queued while attempts are left, else failed as
 * {@code lost}. Each one is logged at INFO, counted in {@code relayq_lease_expirations_total} (and
 * raises a {@code job.lost} alert), and re-queued jobs wake the pollers at once.
 *
 * <p>Safe with several coordinators on one store: the store moves each job once. Known limit: a
 * worker that is alive but cut off for longer than the lease TTL still runs its job until it
 * notices (it self-fences after the same TTL), so for a moment two attempts may run.
 */
final class LeaseReaper {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);
  static final int BATCH = 500;

  private final JobStore store;
  private final InstantSource clock;
  private final Wakeups wakeups;
  private final WorkerDirectory directory;
  private final JobTelemetry telemetry;

  LeaseReaper(JobStore store, InstantSource clock, Wakeups wakeups, WorkerDirectory directory,
      JobTelemetry telemetry) {
    this.store = store;
    this.clock = clock;
    this.wakeups = wakeups;
    this.directory = directory;
    this.telemetry = telemetry;
  }

  /** Expires every lease past its time now; returns how many jobs moved. */
  int runOnce() {
    int total = 0;
    List<Job> moved;
    do {
      java.time.Instant now = clock.instant();
      moved = store.expireLeases(now, BATCH);
      for (Job job : moved) {
        if (job.worker() != null) {
          // It did not renew for a whole TTL: a poll it left open must not take the job straight back.
          directory.lapsed(job.worker());
        }
        log.info("job {} lost its lease: worker {} did not renew attempt {} in time; the job is now {}", job.id(),
            job.worker(), job.attempt(), job.state() == JobState.QUEUED ? "queued again" : job.state().wireName());
        if (job.state() == JobState.QUEUED) {
          wakeups.jobQueued(job);
        } else {
          wakeups.jobChanged(job);
        }
        telemetry.leaseLost(job, true, now);
      }
      total += moved.size();
    } while (moved.size() == BATCH);
    return total;
  }
}
