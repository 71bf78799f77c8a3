package io.relayq.core;

import java.time.Instant;
import java.util.List;

/**
 * A worker agent as the coordinator last heard of it.
 *
 * @param name the worker's name, unique in the cluster (default: its host name)
 * @param workerId a stable id kept on the worker's disk, so a restart is recognised as the same
 *     worker and a second machine using the same name is not
 * @param incarnation a new random id for every start of the worker process
 * @param labels given and detected labels ({@code os:linux}, {@code has:ffmpeg})
 * @param slots how many jobs it runs at once
 * @param running how many jobs it holds leases for now
 * @param lastPollAt when it last asked for work
 * @param lastHeartbeatAt when it last renewed its leases or said it is alive
 * @param draining it was told to stop and takes no new work
 * @param stoppedAt when it said goodbye, or null while it runs
 * @param tokenName the name of the worker token that registered it (and may act for it), or null
 * @param load what it last reported about its machine's load, or null when it reported nothing
 */
public record WorkerRecord(
    String name,
    String workerId,
    String incarnation,
    List<String> labels,
    int slots,
    int running,
    String version,
    String host,
    Instant registeredAt,
    Instant lastPollAt,
    Instant lastHeartbeatAt,
    boolean draining,
    Instant stoppedAt,
    String tokenName,
    WorkerLoad load) {

  public WorkerRecord {
    labels = List.copyOf(labels);
  }

  /** Why it takes no new work though online (load above its limits), or null. */
  public String paused() {
    return load == null ? null : load.paused();
  }

  /** The later of the last poll and the last heartbeat. */
  public Instant lastSeen() {
    if (lastPollAt == null) {
      return lastHeartbeatAt;
    }
    if (lastHeartbeatAt == null) {
      return lastPollAt;
    }
    return lastPollAt.isAfter(lastHeartbeatAt) ? lastPollAt : lastHeartbeatAt;
  }

  /** Online: not stopped, and heard from within {@code offlineAfter} before {@code now}. */
  public boolean isOnline(Instant now, java.time.Duration offlineAfter) {
    Instant seen = lastSeen();
    return stoppedAt == null && seen != null && !seen.plus(offlineAfter).isBefore(now);
  }

  /** True when this worker may run a job with this spec (name and required labels). */
  public boolean matches(JobSpec spec) {
    return (spec.worker() == null || spec.worker().equals(name)) && labels.containsAll(spec.labels());
  }
}
