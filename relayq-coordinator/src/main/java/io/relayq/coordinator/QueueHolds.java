package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the store says holds a queued job back besides its start time and routing: the jobs it
 * waits for that have not succeeded yet, and how full its concurrency group is.
 *
 * @param pendingDependencies the dependencies not succeeded yet, with their states
 * @param groupRunning the running jobs of its group (0 without a group)
 */
record QueueHolds(List<Pending> pendingDependencies, int groupRunning) {

  /** A dependency not succeeded yet. */
  record Pending(String id, JobState state) {}

  static final QueueHolds NONE = new QueueHolds(List.of(), 0);

  /**
   * Reads the holds of {@code job}: one read per dependency, one count for its group unless
   * {@code groupCounts} already has it (a scan over many jobs of one group counts it once).
   */
  static QueueHolds of(JobStore store, Job job, Map<String, Integer> groupCounts) {
    var spec = job.spec();
    if (spec.after().isEmpty() && spec.group() == null) {
      return NONE;
    }
    List<Pending> pending = new ArrayList<>();
    for (String id : spec.after()) {
      // a pruned dependency had finished, and the job was settled then
      store.findJob(id).filter(d -> d.state() != JobState.SUCCEEDED).ifPresent(d -> pending.add(new Pending(id, d.state())));
    }
    int running = spec.group() == null ? 0 : groupCounts.computeIfAbsent(spec.group(), store::runningInGroup);
    return new QueueHolds(List.copyOf(pending), running);
  }
}
