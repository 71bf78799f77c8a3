package io.relayq.worker;

/** Why an attempt's process group is killed; it decides how the attempt is reported. */
public enum KillReason {
  /** The job ran past its timeout: reported {@code timed_out}. */
  TIMEOUT,
  /** A user cancelled the job: reported {@code killed}. */
  CANCEL,
  /** The worker is draining or closing: reported {@code released}, so the job runs elsewhere. */
  RELEASE,
  /**
   * The lease is gone or could not be renewed in time: someone else may run the job, so the process
   * must stop and nothing is reported (the coordinator would refuse it anyway).
   */
  FENCE
}
