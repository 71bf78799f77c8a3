package io.relayq.coordinator;

import io.relayq.core.JobState;
import io.relayq.core.WorkerRecord;
import io.relayq.store.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster as one background read saw it: every worker, the store's {@link QueueStats}, why
 * each group of queued jobs waits, and, when some cannot run, the {@link QueueScan} naming them.
 * Gauges, the dashboard overview and the stuck-job and offline-worker alerts read it, so none of
 * them adds a store query to a request.
 *
 * @param at when it was read
 * @param stats counts by state and routing; all zero before the first read
 * @param routing each routing group of {@code stats} with why its jobs wait, largest first
 * @param scan the jobs no online worker can run; empty when no routing group is blocked
 * @param storeError null when the read succeeded; otherwise what failed, and the rest of the
 *     snapshot is the last good one
 */
record ClusterSnapshot(Instant at, List<WorkerRecord> workers, QueueStats stats, List<Routing> routing,
    QueueScan.Summary scan, Duration offlineAfter, String storeError) {

  /**
   * Queued jobs of one routing requirement (scheduled ones included) and why they wait.
   *
   * @param requirement see {@link QueueScan#requirement(String, List)}
   */
  record Routing(String requirement, long jobs, Waiting waiting) {}

  static ClusterSnapshot empty(Instant at, Duration offlineAfter) {
    return new ClusterSnapshot(at, List.of(), new QueueStats(at, java.util.Map.of(), null, 0, java.util.Map.of()),
        List.of(), QueueScan.Summary.empty(), offlineAfter, null);
  }

  ClusterSnapshot failed(Instant when, String error) {
    return new ClusterSnapshot(when, workers, stats, routing, scan, offlineAfter, error);
  }

  /** {@code online}, {@code draining} or {@code offline}, as the worker list shows it. */
  String status(WorkerRecord w) {
    if (!w.isOnline(at, offlineAfter)) {
      return "offline";
    }
    return w.draining() ? "draining" : "online";
  }

  int workers(String status) {
    return (int) workers.stream().filter(w -> status(w).equals(status)).count();
  }

  long jobs(JobState state) {
    return stats.count(state);
  }

  /** Slots of online workers (draining ones included: their running jobs use slots). */
  int slots() {
    return workers.stream().filter(w -> w.isOnline(at, offlineAfter)).mapToInt(WorkerRecord::slots).sum();
  }

  int slotsUsed() {
    return workers.stream().filter(w -> w.isOnline(at, offlineAfter)).mapToInt(WorkerRecord::running).sum();
  }

  boolean storeOk() {
    return storeError == null;
  }
}
