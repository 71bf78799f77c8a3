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
 * free slots. {@link #diagnose} also gives the {@link Waiting.Kind}, which tells a job that only
 * waits for a turn from one no online worker can run.
 */
final class WaitingReason {
  private static final int MAX_NAMES = 5;

  private final Duration offlineAfter;
  private final Supplier<URI> serverUrl;

  WaitingReason(Duration offlineAfter, Supplier<URI> serverUrl) {
    this.offlineAfter = offlineAfter;
    this.serverUrl = serverUrl;
  }

  /** The reason in plain words, or null when the job is not queued. */
  String explain(Job job, List<WorkerRecord> workers, Instant now) {
    Waiting w = diagnose(job, workers, now);
    return w == null ? null : w.text();
  }

  /** The reason as a kind and in plain words, or null when the job is not queued. */
  Waiting diagnose(Job job, List<WorkerRecord> workers, Instant now) {
    if (job.state() != JobState.QUEUED) {
      return null;
    }
    if (job.runAt() != null && job.runAt().isAfter(now)) {
      String what = job.attempt() > 0 ? "retry (attempt " + (job.attempt() + 1) + ") scheduled for " : "scheduled for ";
      return new Waiting(Waiting.Kind.SCHEDULED, what + job.runAt().truncatedTo(ChronoUnit.SECONDS) + " (in "
          + roughly(Duration.between(now, job.runAt())) + ")");
    }
    return routing(job.spec(), workers, now);
  }

  /**
   * Why a job with this spec whose start time has come would not run now. Depends only on the
   * spec's target worker and labels, so callers explaining many jobs may reuse the answer for jobs
   * with the same routing.
   */
  Waiting routing(JobSpec spec, List<WorkerRecord> workers, Instant now) {
    return routing(spec.worker(), spec.labels(), workers, now);
  }

  /**
   * Why a job that must run on {@code target} (null: any worker) with all of {@code labels} would
   * not run now, its start time having come.
   */
  Waiting routing(String target, List<String> labels, List<WorkerRecord> workers, Instant now) {
    if (target != null) {
      return targetWorker(target, labels, workers, now);
    }
    List<WorkerRecord> online = workers.stream().filter(w -> w.isOnline(now, offlineAfter)).toList();
    if (online.isEmpty()) {
      return new Waiting(Waiting.Kind.NO_WORKER_ONLINE,
          "no worker is online — start one with: relayq worker --server " + serverUrl.get());
    }
    List<WorkerRecord> taking = online.stream().filter(w -> !w.draining()).toList();
    if (taking.isEmpty()) {
      return new Waiting(Waiting.Kind.ALL_DRAINING,
          "all " + online.size() + " online workers are draining (" + names(online) + ")");
    }
    List<WorkerRecord> matching = taking.stream().filter(w -> w.labels().containsAll(labels)).toList();
    if (matching.isEmpty()) {
      String needed = labels.size() == 1
          ? "label " + labels.get(0)
          : "all of the labels " + String.join(", ", labels);
      return new Waiting(Waiting.Kind.NO_MATCHING_WORKER, "no online worker has " + needed + " ("
          + count(taking.size(), "worker") + " online: " + names(taking) + ")");
    }
    int slots = matching.stream().mapToInt(WorkerRecord::slots).sum();
    int used = matching.stream().mapToInt(WorkerRecord::running).sum();
    if (used >= slots) {
      return new Waiting(Waiting.Kind.ALL_BUSY, (matching.size() == 1
          ? "the only matching worker " + matching.get(0).name() + " is busy"
          : "all " + matching.size() + " matching workers are busy") + " (" + used + " of " + slots + " slots used)");
    }
    return new Waiting(Waiting.Kind.READY, "waiting to be picked up");
  }

  private Waiting targetWorker(String name, List<String> labels, List<WorkerRecord> workers, Instant now) {
    WorkerRecord w = workers.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    if (w == null) {
      return new Waiting(Waiting.Kind.NO_SUCH_WORKER, "no worker named " + name + " has registered");
    }
    if (!w.isOnline(now, offlineAfter)) {
      Instant seen = w.lastSeen();
      return new Waiting(Waiting.Kind.TARGET_OFFLINE, "target worker " + name + " is offline"
          + (seen == null ? "" : " (last seen " + roughly(Duration.between(seen, now)) + " ago)"));
    }
    if (w.draining()) {
      return new Waiting(Waiting.Kind.TARGET_DRAINING, "target worker " + name + " is draining and takes no new work");
    }
    if (!w.labels().containsAll(labels)) {
      List<String> missing = labels.stream().filter(l -> !w.labels().contains(l)).toList();
      return new Waiting(Waiting.Kind.TARGET_LACKS_LABELS, "target worker " + name + " lacks label"
          + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
    }
    if (w.running() >= w.slots()) {
      return new Waiting(Waiting.Kind.TARGET_BUSY,
          "target worker " + name + " is busy (" + w.running() + " of " + w.slots() + " slots used)");
    }
    return new Waiting(Waiting.Kind.READY, "waiting to be picked up by " + name);
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
