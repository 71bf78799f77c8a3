package io.relayq.core;

/**
 * Something that happened to a job. Callers say what happened; {@link JobStateMachine} says where
 * that leads.
 */
public sealed interface JobEvent {

  /** A worker took the job: a new attempt with a new fencing token starts. */
  record Leased() implements JobEvent {}

  /** The process exited by itself with this code. */
  record Exited(int exitCode) implements JobEvent {}

  /** The process ran past the job's timeout and was killed. */
  record TimedOut() implements JobEvent {}

  /** The process could not be started. */
  record StartFailed(String message) implements JobEvent {}

  /** A user asked to cancel. A running job stays running until its worker has killed it. */
  record CancelRequested() implements JobEvent {}

  /** The worker killed the process because cancel was requested. */
  record KilledOnCancel() implements JobEvent {}

  /** The lease ran out without renewal, or the worker restarted and gave up its old leases. */
  record LeaseLost() implements JobEvent {}

  /** The worker handed the job back (draining, or it could not use the lease). */
  record Released() implements JobEvent {}

  /**
   * A job this one waits for ended without succeeding; this one can never run.
   *
   * @param dependencyId the job that did not succeed
   */
  record DependencyFailed(String dependencyId) implements JobEvent {}

  Leased LEASED = new Leased();
  TimedOut TIMED_OUT = new TimedOut();
  CancelRequested CANCEL_REQUESTED = new CancelRequested();
  KilledOnCancel KILLED_ON_CANCEL = new KilledOnCancel();
  LeaseLost LEASE_LOST = new LeaseLost();
  Released RELEASED = new Released();
}
