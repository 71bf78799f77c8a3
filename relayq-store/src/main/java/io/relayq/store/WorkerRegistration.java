package io.relayq.store;

import io.relayq.core.WorkerRecord;
import java.time.Instant;
import java.util.List;

/**
 * A worker announcing itself; see {@link JobStore#registerWorker}.
 *
 * @param tokenName the name of the worker token it registers with, which then owns the worker name;
 *     null for a caller that may act for any worker (an admin token), which leaves the owner as it was
 */
public record WorkerRegistration(
    String name, String workerId, String incarnation, List<String> labels, int slots, String version, String host,
    Instant now, String tokenName) {
  public WorkerRegistration {
    labels = List.copyOf(labels);
  }

  /** True when this registration comes with a token other than the one that registered {@code existing}. */
  public boolean comesFromAnotherTokenThan(WorkerRecord existing) {
    return tokenName != null && existing.tokenName() != null && !existing.tokenName().equals(tokenName);
  }
}
