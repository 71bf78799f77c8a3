package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * A queued job as a queue scan saw it, with why it is not running.
 *
 * @param runAt when its start time came (or comes): submit time, delay, or retry backoff
 */
record QueuedJob(String id, JobSpec spec, Instant createdAt, Instant runAt, int attempt, Waiting waiting) {

  static QueuedJob of(Job job, Waiting waiting) {
    return new QueuedJob(job.id(), job.spec(), job.createdAt(), job.runAt(), job.attempt(), waiting);
  }

  String command() {
    return spec.displayCommand();
  }

  int maxAttempts() {
    return spec.maxAttempts();
  }

  /** Its routing requirement, see {@link QueueScan#requirement}. */
  String requirement() {
    return QueueScan.requirement(spec);
  }

  /** How long it has waited since its start time came; zero while scheduled for later. */
  Duration waitingFor(Instant now) {
    return runAt.isBefore(now) ? Duration.between(runAt, now) : Duration.ZERO;
  }

  /** How long ago it was submitted. */
  Duration age(Instant now) {
    return createdAt.isBefore(now) ? Duration.between(createdAt, now) : Duration.ZERO;
  }
}
