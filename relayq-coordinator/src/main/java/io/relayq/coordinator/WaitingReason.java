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
 * wins, in the order a person would check them: time, jobs it waits for, target worker, any worker
 * at all, labels, its concurrency group, its wait for a preferred worker, free slots. {@link #diagnose} also gives the {@link Waiting.Kind}, which tells a job that only
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
    return explain(job, QueueHolds.NONE, workers, now);
  }

  /** The reason in plain words, given what else holds the job back; null when it is not queued. */
  String explain(Job job, QueueHolds holds, List<WorkerRecord> workers, Instant now) {
    Waiting w = diagnose(job, holds, workers, now);
    return w == null ? null : w.text();
  }

  /** The reason as a kind and in plain words, or null when the job is not queued. */
  Waiting diagnose(Job job, List<WorkerRecord> workers, Instant now) {
    return diagnose(job, QueueHolds.NONE, workers, now);
  }

  /** The reason as a kind and in plain words, given what else holds the job back. */
  Waiting diagnose(Job job, QueueHolds holds, List<WorkerRecord> workers, Instant now) {
    if (job.state() != JobState.QUEUED) {
      return null;
    }
    if (job.runAt() != null && job.runAt().isAfter(now)) {
      String what = job.attempt() > 0 ? "retry (attempt " + (job.attempt() + 1) + ") scheduled for " : "scheduled for ";
      return new Waiting(Waiting.Kind.SCHEDULED, what + job.runAt().truncatedTo(ChronoUnit.SECONDS) + " (in "
          + roughly(Duration.between(now, job.runAt())) + ")");
    }
    if (!holds.pendingDependencies().isEmpty()) {
      return dependencies(holds.pendingDependencies());
    }
    JobSpec spec = job.spec();
    Waiting routing = routing(spec, workers, now);
    if (routing.kind().blocked()) {
      return routing;
    }
    if (spec.group() != null && holds.groupRunning() >= spec.groupLimit()) {
      return new Waiting(Waiting.Kind.GROUP_FULL, "concurrency group " + spec.group() + " is full ("
          + holds.groupRunning() + " of " + spec.groupLimit() + " running)");
    }
    Instant preferUntil = spec.preferUntil(job.createdAt());
    if (preferUntil != null && preferUntil.isAfter(now)) {
      return preferred(spec, preferUntil, workers, now);
    }
    return routing;
  }

  private static Waiting dependencies(List<QueueHolds.Pending> pending) {
    String shown = pending.stream().limit(MAX_NAMES).map(p -> p.id() + " (" + p.state().wireName() + ")")
        .collect(Collectors.joining(", "));
    String more = pending.size() > MAX_NAMES ? " and " + (pending.size() - MAX_NAMES) + " more" : "";
    return new Waiting(Waiting.Kind.WAITING_FOR_DEPENDENCIES, "waiting for "
        + (pending.size() == 1 ? "job " : count(pending.size(), "job") + " ") + shown + more + " to succeed");
  }

  /** Until its preference ends only a preferred worker may take the job: is one free now? */
  private Waiting preferred(JobSpec spec, Instant preferUntil, List<WorkerRecord> workers, Instant now) {
    String who = spec.preferWorker() == null ? String.join(", ", spec.preferLabels())
        : spec.preferWorker() + (spec.preferLabels().isEmpty() ? "" : " with " + String.join(", ", spec.preferLabels()));
    List<WorkerRecord> preferred = workers.stream()
        .filter(w -> w.isOnline(now, offlineAfter) && !w.draining() && w.matches(spec)
            && spec.isPreferred(w.name(), w.labels()))
        .toList();
    if (preferred.stream().anyMatch(w -> w.running() < w.slots() && w.paused() == null)) {
      return new Waiting(Waiting.Kind.READY, "waiting to be picked up by preferred worker " + who);
    }
    String state = preferred.isEmpty() ? "none online" : preferred.size() == 1
        ? preferred.get(0).name() + " is " + (preferred.get(0).paused() == null ? "busy" : preferred.get(0).paused())
        : "all " + preferred.size() + " are busy or above their load limits";
    return new Waiting(Waiting.Kind.PREFERRED_WORKER, "waiting for preferred worker " + who + ", "
        + roughly(Duration.between(now, preferUntil)) + " left (" + state + "), then any matching worker");
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
    List<WorkerRecord> free = matching.stream().filter(w -> w.running() < w.slots()).toList();
    if (free.stream().allMatch(w -> w.paused() != null)) {
      return new Waiting(Waiting.Kind.ALL_PAUSED, free.size() == 1
          ? "matching worker " + free.get(0).name() + " is " + free.get(0).paused() + "; it resumes by itself"
          : "all " + free.size() + " matching workers with free slots are above their load limits ("
            + free.stream().limit(MAX_NAMES).map(w -> w.name() + " is " + w.paused()).collect(Collectors.joining("; "))
            + ")");
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
    if (w.paused() != null) {
      return new Waiting(Waiting.Kind.TARGET_PAUSED, "target worker " + name + " is " + w.paused() + "; it resumes by itself");
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
