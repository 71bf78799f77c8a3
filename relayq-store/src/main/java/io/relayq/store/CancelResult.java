package io.relayq.store;

import io.relayq.core.Job;

/** What {@link JobStore#requestCancel} did, and the job after it (null when not found). */
public record CancelResult(Outcome outcome, Job job) {
  public enum Outcome {
    /** The job was queued and is now cancelled. */
    CANCELLED,
    /** The job is running; its worker is told to kill it and will report. */
    CANCEL_REQUESTED,
    /** The job had already finished; nothing changed. */
    ALREADY_FINISHED,
    NOT_FOUND
  }
}
