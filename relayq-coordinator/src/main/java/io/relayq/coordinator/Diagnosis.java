package io.relayq.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /diagnosis}: what {@code relayq doctor} prints. {@code healthy} is false exactly when
 * {@code problems} is not empty; each problem is one sentence saying what is wrong and what to do.
 *
 * @param olderThan the threshold: queued jobs submitted at least this long ago are listed
 * @param waiting queued jobs submitted at least {@code olderThan} ago, oldest first, at most
 *     {@value QueueScan#MAX_LISTED}
 */
record Diagnosis(boolean healthy, Instant checkedAt, Duration olderThan, StoreCheck store, Workers workers,
    Queue queue, List<WaitingJob> waiting, List<String> problems) {

  /**
   * @param healthy the store answered a trivial query
   * @param answeredInMs how long that took
   * @param error what failed, or null
   */
  record StoreCheck(boolean healthy, long answeredInMs, String error) {}

  /** Worker counts by status and each worker in one line. */
  record Workers(int online, int draining, int offline, List<WorkerLine> list) {}

  /**
   * @param status {@code online}, {@code draining} or {@code offline}
   * @param lastSeen the later of its last poll and last heartbeat
   */
  record WorkerLine(String name, String status, List<String> labels, int slots, int running, Instant lastPollAt,
      Instant lastHeartbeatAt, Instant lastSeen, String version, String host, String paused) {}

  /**
   * @param queued queued jobs, exact
   * @param running running jobs, exact
   * @param scheduled queued jobs whose start time has not come, exact
   * @param unrunnable queued jobs whose start time has come that no online worker can run, among
   *     the jobs scanned
   * @param olderThanThreshold queued jobs submitted at least the threshold ago, among the jobs
   *     scanned
   * @param truncated more jobs were queued than one scan reads ({@value QueueScan#MAX_SCANNED}): the
   *     two counts above and the waiting list cover the newest ones only
   */
  record Queue(long queued, long running, long scheduled, int unrunnable, int olderThanThreshold,
      boolean truncated) {}

  /**
   * A queued job older than the threshold.
   *
   * @param age since it was submitted
   * @param waitingFor since its start time came (zero while scheduled for later)
   * @param reason what holds it back: a {@link Waiting.Kind} wire name such as {@code no_matching_worker}
   * @param waiting the same in plain words, as {@code GET /jobs/{id}} shows it
   * @param problem true when it is one of the problems: no online worker can run it, or one could
   *     and has not taken it
   */
  record WaitingJob(String id, String command, Instant createdAt, Duration age, Duration waitingFor, String reason,
      String waiting, boolean problem) {}
}
