package io.relayq.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a job is in its life. Every move between these goes through {@link JobStateMachine}.
 */
public enum JobState {
  /**
   * Accepted and durably stored, waiting for a worker. Entered on submit, on a retry, and when a
   * lease expires with attempts left. Left when a worker leases it or when it is cancelled.
   */
  QUEUED,
  /**
   * Leased by exactly one worker, which holds the current fencing token (the attempt number). Left
   * when that worker reports how the process ended, or when the lease expires because the worker
   * stopped renewing it (crash, partition): the reaper then re-queues or fails the job as lost.
   */
  RUNNING,
  /** The process exited 0. Terminal. */
  SUCCEEDED,
  /**
   * The process ended in a way that is not retried, or attempts are used up (exit code, timeout,
   * lost, could not start). Terminal.
   */
  FAILED,
  /** Cancelled by a user while queued, or killed on request while running. Terminal. */
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The lower-case name used on the wire and in the store. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} naming the valid states. */
  @JsonCreator
  public static JobState fromWire(String name) {
    for (JobState s : values()) {
      if (s.wireName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown job state '" + name + "' (valid: queued, running, succeeded, failed, cancelled)");
  }
}
