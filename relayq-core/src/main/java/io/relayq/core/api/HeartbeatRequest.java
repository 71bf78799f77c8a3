package io.relayq.core.api;

import io.relayq.core.WorkerLoad;
import java.util.List;

/**
 * A worker renewing every lease it holds in one call.
 *
 * @param load its machine's load and whether that pauses it; null leaves what was stored
 * @param progress progress its jobs reported since the last heartbeat; null or empty when none
 */
public record HeartbeatRequest(String incarnation, List<LeaseRef> leases, WorkerLoad load,
    List<ProgressReport> progress) {
  public HeartbeatRequest(String incarnation, List<LeaseRef> leases) {
    this(incarnation, leases, null, null);
  }
}
