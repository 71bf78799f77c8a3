package io.relayq.core;

/**
 * The outcome of applying an event to a job.
 *
 * @param from the state the job was in
 * @param to the state it moves to (may equal {@code from}: a cancel request on a running job)
 * @param reason why the current attempt ended, or null when no attempt ended
 * @param exitCode the process exit code when the attempt ended with one, else null
 * @param retry true when the job goes back to the queue for another attempt
 * @param cancelRequested the job's cancel flag after the move
 */
public record Transition(
    JobState from, JobState to, EndReason reason, Integer exitCode, boolean retry, boolean cancelRequested) {

  /** True when an attempt ends with this move. */
  public boolean endsAttempt() {
    return reason != null;
  }
}
