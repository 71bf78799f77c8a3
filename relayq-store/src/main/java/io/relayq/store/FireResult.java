package io.relayq.store;

import io.relayq.core.Job;

/**
 * What {@link JobStore#fireSchedule} did.
 *
 * @param job the tick's job when {@link Outcome#FIRED} (new, or the one its key already named), else null
 */
public record FireResult(Outcome outcome, Job job) {
  public enum Outcome {
    /** The next fire time moved on and the tick's job is in the store. */
    FIRED,
    /** The next fire time moved on; the tick was skipped, no job was submitted. */
    SKIPPED,
    /**
     * Nothing changed: another coordinator fired this tick first, or the schedule was paused,
     * resumed or deleted since it was read.
     */
    MOVED_ON
  }
}
