package io.relayq.cli;

import io.relayq.core.Attempt;
import io.relayq.core.Durations;
import io.relayq.core.EndReason;
import io.relayq.core.JobState;
import io.relayq.core.api.JobView;

/** How jobs and attempts read in human output: {@code failed (exit 3)}, {@code timed out after 30m}. */
final class JobText {
  private JobText() {}

  /** The state with how it came about: {@code running on vm}, {@code failed (exit 3)}. */
  static String state(JobView job) {
    JobState s = job.state();
    return switch (s) {
      case QUEUED -> job.attempt() > 0 ? "queued (for attempt " + (job.attempt() + 1) + ")" : "queued";
      case RUNNING -> "running" + (job.worker() == null ? "" : " on " + job.worker())
          + (job.cancelRequested() ? " (cancel requested)" : "");
      case SUCCEEDED -> "succeeded";
      case CANCELLED -> "cancelled";
      case FAILED -> "failed (" + ending(job.reason(), job.exitCode(), job) + ")";
    };
  }

  /** A short state for tables: {@code failed (exit 3)}, {@code failed (lost)}, {@code queued (retry)}. */
  static String brief(JobView job) {
    return switch (job.state()) {
      case QUEUED -> job.attempt() > 0 ? "queued (retry)" : "queued";
      case FAILED -> "failed (" + (job.reason() == null || job.reason() == EndReason.EXIT
          ? "exit " + job.exitCode() : switch (job.reason()) {
            case TIMEOUT -> "timeout";
            case START_FAILED -> "start failed";
            case DEPENDENCY_FAILED -> "dependency failed";
            default -> job.reason().wireName();
          }) + ")";
      default -> job.state().wireName();
    };
  }

  /** How one attempt ended, or {@code running} while it runs. */
  static String attemptResult(Attempt a, JobView job) {
    if (a.endedAt() == null || a.reason() == null) {
      return "running";
    }
    String text = ending(a.reason(), a.exitCode(), job);
    return a.reason() == EndReason.EXIT ? text : withMessage(text, a.message());
  }

  /** {@code text: message}, or just one of them when the message is empty or already says the text. */
  static String withMessage(String text, String message) {
    if (message == null || message.isBlank()) {
      return text;
    }
    return message.startsWith(text) ? message : text + ": " + message;
  }

  /** {@code exit 3}, {@code timed out after 30m}, {@code lost}, {@code could not start}... */
  static String ending(EndReason reason, Integer exitCode, JobView job) {
    if (reason == null) {
      return exitCode == null ? "no exit code" : "exit " + exitCode;
    }
    return switch (reason) {
      case EXIT -> "exit " + exitCode;
      case TIMEOUT -> job.spec() == null ? "timed out" : "timed out after " + Durations.format(job.spec().timeout());
      case CANCELLED -> "cancelled";
      case LOST -> "lost: its worker stopped renewing the lease";
      case START_FAILED -> "could not start";
      case RELEASED -> "given back by its worker";
      case DEPENDENCY_FAILED -> "a job it depends on did not succeed";
    };
  }
}
