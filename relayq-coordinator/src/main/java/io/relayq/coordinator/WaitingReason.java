package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobSpec;
import io.relayq.core.JobState;
import io.relayq.core.WorkerRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Says in plain words why a queued job is not running, from its spec and the workers the store
 * knows: "no online worker has label gpu (2 workers online: a, b)". The first reason that applies
 * wins, in the order a person would check them: time, target worker, any worker at all, labels,
 * free slots.
 */
final class WaitingReason {
  private static final int MAX_NAMES = 5;

  private final Duration offlineAfter;
  private final Supplier<URI> serverUrl;

  WaitingReason(Duration offlineAfter, Supplier<URI> serverUrl) {
    this.offlineAfter = offlineAfter;
    this.serverUrl = serverUrl;
  }

  /** The reason, or null when the job is not queued. */
  String explain(Job job, List<WorkerRecord> workers, Instant now) {
    if (job.state() != JobState.QUEUED) {
      return null;
    }
    JobSpec spec = job.spec();
    if (job.runAt() != null && job.runAt().isAfter(now)) {
      String what = job.attempt() > 0 ? "retry (attempt " + (job.attempt() + 1) + ") scheduled for " : "scheduled for ";
      return what + job.runAt().truncatedTo(ChronoUnit.SECONDS) + " (in " + roughly(Duration.between(now, job.runAt()))
          + ")";
    }
    if (spec.worker() != null) {
      return targetWorker(spec, workers, now);
    }
    List<WorkerRecord> online = workers.stream().filter(w -> w.isOnline(now, offlineAfter)).toList();
    if (online.isEmpty()) {
      return "no worker is online — start one with: relayq worker --server " + serverUrl.get();
    }
    List<WorkerRecord> taking = online.stream().filter(w -> !w.draining()).toList();
    if (taking.isEmpty()) {
      return "all " + online.size() + " online workers are draining (" + names(online) + ")";
    }
    List<WorkerRecord> matching = taking.stream().filter(w -> w.matches(spec)).toList();
    if (matching.isEmpty()) {
      String labels = spec.labels().size() == 1
          ? "label " + spec.labels().get(0)
          : "all of the labels " + String.join(", ", spec.labels());
      return "no online worker has " + labels + " (" + count(taking.size(), "worker") + " online: "
          + names(taking) + ")";
    }
    int slots = matching.stream().mapToInt(WorkerRecord::slots).sum();
    int used = matching.stream().mapToInt(WorkerRecord::running).sum();
    if (used >= slots) {
      return (matching.size() == 1 ? "the only matching worker " + matching.get(0).name() + " is busy"
          : "all " + matching.size() + " matching workers are busy") + " (" + used + " of " + slots + " slots used)";
    }
    return "waiting to be picked up";
  }

  private String targetWorker(JobSpec spec, List<WorkerRecord> workers, Instant now) {
    String name = spec.worker();
    WorkerRecord w = workers.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    if (w == null) {
      return "no worker named " + name + " has registered";
    }
    if (!w.isOnline(now, offlineAfter)) {
      Instant seen = w.lastSeen();
      return "target worker " + name + " is offline"
          + (seen == null ? "" : " (last seen " + roughly(Duration.between(seen, now)) + " ago)");
    }
    if (w.draining()) {
      return "target worker " + name + " is draining and takes no new work";
    }
    if (!w.labels().containsAll(spec.labels())) {
      List<String> missing = spec.labels().stream().filter(l -> !w.labels().contains(l)).toList();
      return "target worker " + name + " lacks label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing);
    }
    if (w.running() >= w.slots()) {
      return "target worker " + name + " is busy (" + w.running() + " of " + w.slots() + " slots used)";
    }
    return "waiting to be picked up by " + name;
  }

  private static String names(List<WorkerRecord> workers) {
    String shown = workers.stream().limit(MAX_NAMES).map(WorkerRecord::name).collect(Collectors.joining(", "));
    return workers.size() > MAX_NAMES ? shown + " and " + (workers.size() - MAX_NAMES) + " more" : shown;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** A duration the way a person says it: 45s, 4m, 2h10m, 3d. */
  static String roughly(Duration d) {
    long s = Math.max(0, (d.toMillis() + 999) / 1000);
    if (s < 60) {
      return s + "s";
    }
    long m = Math.round(s / 60.0);
    if (m < 60) {
      return m + "m";
    }
    if (m < 24 * 60) {
      return m % 60 == 0 ? m / 60 + "h" : m / 60 + "h" + m % 60 + "m";
    }
    return Math.round(m / 1440.0) + "d";
  }
}
