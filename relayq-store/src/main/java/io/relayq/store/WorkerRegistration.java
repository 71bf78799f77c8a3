package io.relayq.store;

import java.time.Instant;
import java.util.List;

/** A worker announcing itself; see {@link JobStore#registerWorker}. */
public record WorkerRegistration(
    String name, String workerId, String incarnation, List<String> labels, int slots, String version, String host,
    Instant now) {
  public WorkerRegistration {
    labels = List.copyOf(labels);
  }
}
