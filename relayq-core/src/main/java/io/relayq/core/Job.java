package io.relayq.core;

import java.time.Instant;

/**
 * A job as the store holds it.
 *
 * @param id opaque id, see {@link JobIds}
 * @param spec what to run and how
 * @param key the idempotency key it was submitted with, or null
 * @param state where it is in its life
 * @param attempt the current (or last) attempt number: the fencing token of its lease; 0 before the
 *     first lease
 * @param cancelRequested a user asked to cancel it while it was running
 * @param worker the worker holding (or that last held) the lease, or null
 * @param createdAt when the submit was committed
 * @param runAt the earliest moment it may (next) start
 * @param startedAt when the current or last attempt started, or null
 * @param finishedAt when it reached a terminal state, or null
 * @param leaseExpiresAt when the current lease runs out unless renewed, or null when not running
 * @param exitCode the last attempt's exit code, if it exited by itself
 * @param reason why the last attempt ended, or null
 * @param message a human detail on the last outcome (spawn error, lost lease), or null
 * @param progress 0-100 as last reported by the job, or null
 * @param submittedBy the name of the token that submitted it, or null
 * @param progressText the status line the job reported with its progress, or null
 */
public record Job(
    String id,
    JobSpec spec,
    String key,
    JobState state,
    int attempt,
    boolean cancelRequested,
    String worker,
    Instant createdAt,
    Instant runAt,
    Instant startedAt,
    Instant finishedAt,
    Instant leaseExpiresAt,
    Integer exitCode,
    EndReason reason,
    String message,
    Integer progress,
    String submittedBy,
    String progressText) {

  /** A job that reported no status line. */
  public Job(String id, JobSpec spec, String key, JobState state, int attempt, boolean cancelRequested, String worker,
      Instant createdAt, Instant runAt, Instant startedAt, Instant finishedAt, Instant leaseExpiresAt, Integer exitCode,
      EndReason reason, String message, Integer progress, String submittedBy) {
    this(id, spec, key, state, attempt, cancelRequested, worker, createdAt, runAt, startedAt, finishedAt, leaseExpiresAt,
        exitCode, reason, message, progress, submittedBy, null);
  }

  /** The facts the state machine needs about this job. */
  public RetryFacts retryFacts() {
    return RetryFacts.of(spec, attempt, cancelRequested);
  }
}
