package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.core.WorkerLoad;
import io.relayq.core.WorkerRecord;
import io.relayq.core.api.JobView;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.WorkerView;
import io.relayq.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/** Builds what the API shows from what the store holds. */
final class Views {
  private final JobStore store;
  private final InstantSource clock;
  private final WaitingReason waitingReason;
  private final Duration offlineAfter;

  Views(JobStore store, InstantSource clock, WaitingReason waitingReason, Duration offlineAfter) {
    this.store = store;
    this.clock = clock;
    this.waitingReason = waitingReason;
    this.offlineAfter = offlineAfter;
  }

  /** A job as a single-job read shows it: with its attempts and, when queued, why it waits. */
  JobView detailed(Job job) {
    String waiting = job.state() == JobState.QUEUED
        ? waitingReason.explain(job, QueueHolds.of(store, job, new HashMap<>()), store.listWorkers(), clock.instant())
        : null;
    return JobView.of(job, waiting, store.attempts(job.id()));
  }

  /** A job as lists and write answers show it: no attempts, no diagnosis (both cost reads). */
  static JobView brief(Job job) {
    return JobView.of(job, null, null);
  }

  /** Every worker, online ones first, then by name. */
  List<WorkerView> workers() {
    var now = clock.instant();
    return store.listWorkers().stream()
        .map(w -> worker(w, status(w, now)))
        .sorted(Comparator.comparing((WorkerView v) -> rank(v.status())).thenComparing(WorkerView::name))
        .toList();
  }

  private String status(WorkerRecord w, java.time.Instant now) {
    if (!w.isOnline(now, offlineAfter)) {
      return "offline";
    }
    return w.draining() ? "draining" : "online";
  }

  private WorkerView worker(WorkerRecord w, String status) {
    List<String> jobs = store.runningLeases(w.name()).stream().map(LeaseRef::jobId).toList();
    WorkerLoad load = w.load();
    boolean online = !status.equals("offline");
    return new WorkerView(w.name(), status, w.labels(), w.slots(), w.running(), jobs, w.lastPollAt(),
        w.lastHeartbeatAt(), w.registeredAt(), w.version(), w.host(), load == null ? null : load.cpuPercent(),
        load == null ? null : load.freeMemoryBytes(), online ? w.paused() : null);
  }

  private static int rank(String status) {
    return switch (status) {
      case "online" -> 0;
      case "draining" -> 1;
      default -> 2;
    };
  }
}
