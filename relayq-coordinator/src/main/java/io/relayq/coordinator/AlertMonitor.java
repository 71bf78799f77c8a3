package io.relayq.coordinator;

import io.relayq.core.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Raises the alerts that are about a state lasting too long, from each {@link ClusterSnapshot}:
 * {@code worker.offline} (a worker that did not say goodbye, offline longer than
 * {@link AlertConfig#workerOfflineFor()}) and {@code job.stuck} (a job whose start time came longer
 * than {@link AlertConfig#jobStuckFor()} ago that no online worker can run). Each is raised once per
 * occurrence: once per worker outage, once per job attempt.
 *
 * <p>Known limits: what was raised is remembered in memory, so after a coordinator restart an
 * outage still going on is raised again; with several coordinators each raises it (the alert id is
 * the same, so a receiver can drop repeats). Stuck jobs are found among the jobs one queue scan
 * reads ({@link QueueScan#MAX_SCANNED}).
 */
final class AlertMonitor {
  private final AlertConfig config;
  private final Alerts alerts;
  private final AlertDispatcher dispatcher;
  /** Worker name to the last-seen time of the outage already raised. */
  private final Map<String, Instant> offlineRaised = new HashMap<>();
  /** {@code jobId:attempt} of stuck jobs already raised. */
  private Set<String> stuckRaised = new HashSet<>();

  AlertMonitor(AlertConfig config, Alerts alerts, AlertDispatcher dispatcher) {
    this.config = config;
    this.alerts = alerts;
    this.dispatcher = dispatcher;
  }

  /** Raises what {@code snapshot} shows and was not raised before. */
  synchronized void check(ClusterSnapshot snapshot) {
    if (!snapshot.storeOk()) {
      return;
    }
    if (dispatcher.wants(AlertEvent.WORKER_OFFLINE)) {
      checkWorkers(snapshot);
    }
    if (dispatcher.wants(AlertEvent.JOB_STUCK)) {
      checkJobs(snapshot);
    }
  }

  private void checkWorkers(ClusterSnapshot s) {
    Instant now = s.at();
    Set<String> seen = new HashSet<>();
    for (WorkerRecord w : s.workers()) {
      if (w.stoppedAt() != null || w.lastSeen() == null || w.isOnline(now, s.offlineAfter())) {
        continue;
      }
      seen.add(w.name());
      Duration offlineFor = Duration.between(w.lastSeen().plus(s.offlineAfter()), now);
      if (offlineFor.compareTo(config.workerOfflineFor()) >= 0 && !w.lastSeen().equals(offlineRaised.get(w.name()))) {
        offlineRaised.put(w.name(), w.lastSeen());
        dispatcher.send(AlertEvent.WORKER_OFFLINE, alerts.workerOffline(w, offlineFor, now));
      }
    }
    offlineRaised.keySet().retainAll(seen);
  }

  private void checkJobs(ClusterSnapshot s) {
    Instant now = s.at();
    Set<String> stillStuck = new HashSet<>();
    for (QueuedJob job : s.scan().blocked()) {
      if (job.waitingFor(now).compareTo(config.jobStuckFor()) < 0) {
        continue;
      }
      String key = job.id() + ":" + job.attempt();
      stillStuck.add(key);
      if (!stuckRaised.contains(key)) {
        dispatcher.send(AlertEvent.JOB_STUCK, alerts.jobStuck(job, now));
      }
    }
    stuckRaised = stillStuck;
  }
}
