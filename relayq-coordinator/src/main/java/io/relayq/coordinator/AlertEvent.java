package io.relayq.coordinator;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a webhook can be told about. The wire name is what the config and the payload use. */
public enum AlertEvent {
  /** A job ended failed: a non-zero exit with no retry left, a timeout, or it could not start. */
  JOB_FAILED("job.failed"),
  /**
   * A job's lease was lost: its worker crashed, was cut off, or restarted mid-job. Sent whether
   * the job was queued again (attempts left) or failed as lost; the payload says which.
   */
  JOB_LOST("job.lost"),
  /** A worker that did not say goodbye has been offline longer than the configured time. */
  WORKER_OFFLINE("worker.offline"),
  /** A job has waited longer than the configured time and no online worker can run it. */
  JOB_STUCK("job.stuck");

  private final String wireName;

  AlertEvent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses a wire name; the error lists the valid ones. */
  public static AlertEvent fromWire(String name) {
    for (AlertEvent e : values()) {
      if (e.wireName.equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown alert event '" + name + "' (valid: "
        + Arrays.stream(values()).map(AlertEvent::wireName).collect(Collectors.joining(", ")) + ")");
  }
}
