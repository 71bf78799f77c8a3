package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobState;
import io.relayq.core.WorkerRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Builds the {@link Alert} for each event, with a summary line a person can act on. */
final class Alerts {
  private static final int MAX_COMMAND = 120;

  private final Supplier<URI> serverUrl;

  Alerts(Supplier<URI> serverUrl) {
    this.serverUrl = serverUrl;
  }

  Alert jobFailed(Job job, Instant at) {
    String why = switch (job.reason() == null ? "none" : job.reason().wireName()) {
      case "exit" -> "exit code " + job.exitCode();
      case "timeout" -> "timed out after " + io.relayq.core.Durations.format(job.spec().timeout());
      case "start_failed" -> "could not start" + (job.message() == null ? "" : ": " + job.message());
      default -> job.reason() == null ? "failed" : job.reason().wireName();
    };
    String text = "job " + job.id() + " failed (" + why + ") on worker " + job.worker() + " after " + job.attempt()
        + " of " + job.spec().maxAttempts() + " attempts: " + shortCommand(job);
    return new Alert(AlertEvent.JOB_FAILED.wireName() + ":" + job.id() + ":" + job.attempt(),
        AlertEvent.JOB_FAILED.wireName(), at, text, facts(job, null), null);
  }

  Alert jobLost(Job job, String cause, Instant at) {
    String next = job.state() == JobState.QUEUED
        ? "queued again for attempt " + (job.attempt() + 1) + " of " + job.spec().maxAttempts()
        : "failed as lost: no attempts left (" + job.attempt() + " of " + job.spec().maxAttempts() + " used)";
    String text = "job " + job.id() + " lost its lease on worker " + job.worker() + " (" + cause + "); " + next + ": "
        + shortCommand(job);
    return new Alert(AlertEvent.JOB_LOST.wireName() + ":" + job.id() + ":" + job.attempt(),
        AlertEvent.JOB_LOST.wireName(), at, text, facts(job, null), null);
  }

  Alert workerOffline(WorkerRecord w, Duration offlineFor, Instant at) {
    String text = "worker " + w.name() + " has been offline for " + WaitingReason.roughly(offlineFor)
        + " (last seen " + w.lastSeen() + (w.running() > 0 ? ", held " + w.running() + " running jobs" : "")
        + "); its jobs move to other workers once their leases expire";
    return new Alert(AlertEvent.WORKER_OFFLINE.wireName() + ":" + w.name() + ":" + w.lastSeen().toEpochMilli(),
        AlertEvent.WORKER_OFFLINE.wireName(), at, text, null,
        new Alert.WorkerFacts(w.name(), w.host(), w.version(), w.labels(), w.lastSeen(),
            WaitingReason.roughly(offlineFor)));
  }

  Alert jobStuck(QueuedJob job, Instant at) {
    String text = "job " + job.id() + " has waited " + WaitingReason.roughly(job.waitingFor(at))
        + " and no online worker can run it: " + job.waiting().text() + ": " + shorten(job.command());
    Alert.JobFacts facts = new Alert.JobFacts(job.id(), job.command(), JobState.QUEUED.wireName(), job.attempt(),
        job.maxAttempts(),
        null, null, null, null, job.waiting().text(), job.createdAt(), link(job.id()));
    return new Alert(AlertEvent.JOB_STUCK.wireName() + ":" + job.id() + ":" + job.attempt(),
        AlertEvent.JOB_STUCK.wireName(), at, text, facts, null);
  }

  private Alert.JobFacts facts(Job job, String waiting) {
    return new Alert.JobFacts(job.id(), job.spec().displayCommand(), job.state().wireName(), job.attempt(),
        job.spec().maxAttempts(), job.worker(), job.exitCode(), job.reason() == null ? null : job.reason().wireName(),
        job.message(), waiting, job.createdAt(), link(job.id()));
  }

  private String link(String jobId) {
    URI url = serverUrl.get();
    return url == null ? null : url + "/#/jobs/" + jobId;
  }

  private static String shortCommand(Job job) {
    return shorten(job.spec().displayCommand());
  }

  private static String shorten(String command) {
    return command.length() <= MAX_COMMAND ? command : command.substring(0, MAX_COMMAND - 1) + "…";
  }
}
