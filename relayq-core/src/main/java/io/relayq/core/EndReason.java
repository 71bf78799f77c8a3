package io.relayq.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why an attempt ended. Recorded on every attempt, and on the job once it is terminal. */
public enum EndReason {
  /** The process exited by itself; the exit code says how. */
  EXIT,
  /** The job ran past its timeout and its process group was killed. */
  TIMEOUT,
  /** A user cancelled the job. */
  CANCELLED,
  /** The worker stopped renewing the lease (crash, partition) or restarted under the same name. */
  LOST,
  /** The process could not be started (missing working directory, spawn error). */
  START_FAILED,
  /** The worker gave the job back unstarted or while draining; it does not count as a failure. */
  RELEASED,
  /**
   * A job it waited for ({@code after}) failed, was cancelled or was lost for good, so this one
   * never ran. Only on the job: it ends without an attempt.
   */
  DEPENDENCY_FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EndReason fromWire(String name) {
    for (EndReason r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown end reason '" + name + "'");
  }
}
