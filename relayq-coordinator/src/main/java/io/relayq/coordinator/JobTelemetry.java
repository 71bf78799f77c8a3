package io.relayq.coordinator;

import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the coordinator's handlers tell the outside world when a job moves: the counters and the
 * duration histogram of {@link CoordinatorMetrics}, and the {@code job.failed} and {@code job.lost}
 * alerts. Each call costs a few counter increments and never reads the store, so the hot paths
 * (claim, finish) stay as they were.
 */
final class JobTelemetry {
  private final CoordinatorMetrics metrics;
  private final Alerts alerts;
  private final AlertDispatcher dispatcher;

  JobTelemetry(CoordinatorMetrics metrics, Alerts alerts, AlertDispatcher dispatcher) {
    this.metrics = metrics;
    this.alerts = alerts;
    this.dispatcher = dispatcher;
  }

  /** A submit created a job (a repeat with the same idempotency key does not count). */
  void submitted() {
    metrics.submitted();
  }

  /** A poll handed jobs to a worker. */
  void leased(List<Job> jobs) {
    if (!jobs.isEmpty()) {
      metrics.leased(jobs.size());
    }
  }

  /**
   * A worker's finish report was accepted.
   *
   * @param before the job as it was while the attempt ran
   * @param after the job after the state machine applied the report
   */
  void finished(Job before, Job after, Instant now) {
    if (before.startedAt() != null && !now.isBefore(before.startedAt())) {
      metrics.attemptRan(after.state() == JobState.QUEUED ? "retried" : after.state().wireName(),
          Duration.between(before.startedAt(), now));
    }
    ended(after);
    if (after.state() == JobState.FAILED && after.reason() != EndReason.LOST) {
      if (dispatcher.wants(AlertEvent.JOB_FAILED)) {
        dispatcher.send(AlertEvent.JOB_FAILED, alerts.jobFailed(after, now));
      }
    }
  }

  /**
   * A lease was lost and the job moved on (queued again, or failed as lost).
   *
   * @param expired true when the reaper found the lease expired; false when the worker restarted
   * @param job the job after the lost-lease transition
   */
  void leaseLost(Job job, boolean expired, Instant now) {
    if (expired) {
      metrics.leaseExpired();
    }
    ended(job);
    if (dispatcher.wants(AlertEvent.JOB_LOST)) {
      String cause = expired ? "its worker stopped renewing the lease" : "its worker restarted";
      dispatcher.send(AlertEvent.JOB_LOST, alerts.jobLost(job, cause, now));
    }
  }

  /** A user cancelled a job that was still queued. */
  void cancelledWhileQueued() {
    metrics.finished(JobState.CANCELLED, EndReason.CANCELLED);
  }

  private void ended(Job after) {
    if (after.state() == JobState.QUEUED) {
      metrics.retried(after.reason());
    } else if (after.state().isTerminal()) {
      metrics.finished(after.state(), after.reason());
    }
  }
}
