package io.relayq.coordinator;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /overview}: the cluster at a glance, for the dashboard. Read from the background
 * {@link ClusterSnapshot} (at most a second old when asked), so showing it costs no store query.
 *
 * @param at when the snapshot was read
 * @param storeError null while the store answers, else why the numbers are not current
 * @param oldestQueuedSeconds age of the oldest queued job since it was submitted; 0 when none
 * @param queueDepth queued jobs by routing requirement, largest first, with why they wait
 * @param unrunnable the longest-waiting jobs no online worker can run, longest first
 * @param truncated more jobs were queued than one scan reads, so {@code unrunnable} may miss the
 *     oldest
 */
record Overview(Instant at, String storeError, Jobs jobs, Workers workers, double oldestQueuedSeconds,
    List<Depth> queueDepth, List<Unrunnable> unrunnable, boolean truncated) {

  /**
   * Jobs in the store by state (finished ones until pruned).
   *
   * @param scheduled queued jobs whose start time has not come
   * @param unrunnable queued jobs whose start time has come that no online worker can run
   */
  record Jobs(long queued, long scheduled, long unrunnable, long running, long succeeded, long failed,
      long cancelled) {}

  /** @param slots of online workers; {@code slotsUsed} by running jobs */
  record Workers(int online, int draining, int offline, int slots, int slotsUsed) {}

  /**
   * Queued jobs of one routing requirement.
   *
   * @param reason a {@link Waiting.Kind} wire name; {@code waiting} says the same in words
   * @param blocked no online worker can run them
   */
  record Depth(String requirement, long jobs, String reason, String waiting, boolean blocked) {}

  record Unrunnable(String id, String command, Instant createdAt, double waitingSeconds, String reason,
      String waiting) {}
}
