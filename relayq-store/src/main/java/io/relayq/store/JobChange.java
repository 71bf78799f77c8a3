package io.relayq.store;

import io.relayq.core.Durations;
import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobEvent;
import io.relayq.core.JobState;
import io.relayq.core.JobStateMachine;
import io.relayq.core.RetryFacts;
import io.relayq.core.Transition;
import java.time.Instant;
import java.util.Set;

/**
 * One move of one job, decided by {@link JobStateMachine}, with every value a store driver writes
 * for it: the job's new columns, whether an attempt row ends, and the history entry. Drivers only
 * persist these values, so every driver records the same outcome and history for the same calls.
 *
 * @param before the job as read inside the write transaction
 * @param transition what the state machine decided
 * @param at when it happened
 * @param message the human detail to keep on the job and its attempt (spawn error, why the lease was
 *     lost), or null
 */
public record JobChange(Job before, Transition transition, Instant at, String message) {

  /** The one transition of every claim: a queued job leased by a worker. */
  public static final Transition LEASE =
      JobStateMachine.apply(JobState.QUEUED, JobEvent.LEASED, new RetryFacts(0, 1, Set.of(), false));

  /** The history entry type of a submit. */
  public static final String SUBMITTED = "submitted";

  /** The history entry type of a claim. */
  public static final String LEASED = "leased";

  /** The history detail of a claim, given the job as leased. */
  public static String leaseDetail(Job leased) {
    return leaseDetail(leased.attempt(), leased.spec().maxAttempts(), leased.worker());
  }

  /** The history detail of a claim, from the leased job's columns (for drivers that have no {@link Job} yet). */
  public static String leaseDetail(int attempt, int maxAttempts, String worker) {
    return "attempt " + attempt + " of " + maxAttempts + " on worker " + worker;
  }

  /**
   * Asks the state machine where {@code event} takes {@code job}.
   *
   * @throws io.relayq.core.IllegalTransitionException if the event does not apply to its state
   */
  public static JobChange decide(Job job, JobEvent event, Instant now, String message) {
    return new JobChange(job, JobStateMachine.apply(job.state(), event, job.retryFacts()), now, message);
  }

  public JobState state() {
    return transition.to();
  }

  public boolean cancelRequested() {
    return transition.cancelRequested();
  }

  /** True when the change is a no-op for storage (a repeated cancel request on a running job). */
  public boolean changesNothing() {
    return transition.from() == transition.to() && transition.reason() == null
        && transition.cancelRequested() == before.cancelRequested();
  }

  /** True when the job's open attempt row ends with this change (only a running job has one). */
  public boolean endsAttempt() {
    return before.state() == JobState.RUNNING && transition.endsAttempt();
  }

  /**
   * When the job may next start. A retry after a retryable exit code waits the spec's backoff for
   * the next attempt; a lost or released lease is re-queued at once, since nothing says the job
   * itself is at fault.
   */
  public Instant runAt() {
    if (!transition.retry()) {
      return before.runAt();
    }
    return transition.reason() == EndReason.EXIT
        ? at.plus(before.spec().backoffBefore(before.attempt() + 1))
        : at;
  }

  public Instant finishedAt() {
    return state().isTerminal() ? at : null;
  }

  /** The lease stays only while the job keeps running. */
  public Instant leaseExpiresAt() {
    return state() == JobState.RUNNING ? before.leaseExpiresAt() : null;
  }

  public Integer exitCode() {
    return transition.reason() != null ? transition.exitCode() : before.exitCode();
  }

  public EndReason reason() {
    return transition.reason() != null ? transition.reason() : before.reason();
  }

  public String jobMessage() {
    return transition.reason() != null ? message : before.message();
  }

  /** The history entry type: see {@link io.relayq.core.RecordedEvent#type()}. */
  public String eventType() {
    return eventType(transition);
  }

  /** The history entry type of any transition. */
  public static String eventType(Transition t) {
    if (t.to() == JobState.RUNNING) {
      return t.from() == JobState.QUEUED ? LEASED : "cancel_requested";
    }
    return t.to() == JobState.QUEUED ? "requeued" : t.to().wireName();
  }

  /** A human line for the history entry: exit code, reason, when a retry runs. */
  public String eventDetail() {
    String worker = before.worker() == null ? "" : " on worker " + before.worker();
    String ended = switch (transition.reason() == null ? "none" : transition.reason().wireName()) {
      case "exit" -> "exit code " + transition.exitCode();
      case "timeout" -> "timed out after " + Durations.format(before.spec().timeout());
      case "start_failed" -> "could not start: " + message;
      case "lost" -> "lease lost" + (message == null ? "" : " (" + message + ")");
      case "released" -> "released by the worker";
      case "dependency_failed" -> "never ran: " + message;
      case "cancelled" -> before.state() == JobState.QUEUED ? "cancelled while queued" : "killed on cancel";
      default -> "cancel requested; the worker will kill the process";
    };
    if (transition.retry()) {
      return ended + worker + "; attempt " + (before.attempt() + 1) + " of " + before.spec().maxAttempts()
          + " may start at " + runAt();
    }
    if (state() == JobState.FAILED && transition.reason() == EndReason.LOST) {
      return ended + worker + "; no attempts left (" + before.attempt() + " of " + before.spec().maxAttempts()
          + " used)";
    }
    return before.state() == JobState.QUEUED ? ended : ended + worker;
  }
}
