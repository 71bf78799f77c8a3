package io.relayq.core;

/**
 * The one table of allowed moves. Every change of a job's state, in every store driver, is
 * decided here; drivers only persist the {@link Transition} it returns.
 *
 * <pre>
 * queued --lease--> running --exit 0--> succeeded
 *   ^                 |  |--exit!=0 / timeout / start failed, no retry--> failed
 *   |                 |  '--killed on cancel--> cancelled
 *   '--retry exit code or lost (attempts left), released--'
 * queued --cancel--> cancelled
 * queued --a dependency did not succeed--> failed (dependency_failed)
 * </pre>
 *
 * <p>Timeouts are final: a job that ran out of time would most likely run out again, so only exit
 * codes listed as retryable and lost leases use up further attempts. A lost lease on a job whose
 * cancel was already requested ends it as cancelled, since the user no longer wants it to run.
 */
public final class JobStateMachine {

  private JobStateMachine() {}

  /**
   * Decides where {@code event} takes a job in state {@code from}.
   *
   * @throws IllegalTransitionException if the event does not apply to that state
   */
  public static Transition apply(JobState from, JobEvent event, RetryFacts facts) {
    return switch (from) {
      case QUEUED -> fromQueued(event, facts);
      case RUNNING -> fromRunning(event, facts);
      case SUCCEEDED, FAILED, CANCELLED -> throw new IllegalTransitionException(from, event);
    };
  }

  private static Transition fromQueued(JobEvent event, RetryFacts facts) {
    return switch (event) {
      case JobEvent.Leased l -> new Transition(JobState.QUEUED, JobState.RUNNING, null, null, false, false);
      case JobEvent.CancelRequested c ->
          new Transition(JobState.QUEUED, JobState.CANCELLED, EndReason.CANCELLED, null, false, true);
      case JobEvent.DependencyFailed d ->
          new Transition(JobState.QUEUED, JobState.FAILED, EndReason.DEPENDENCY_FAILED, null, false, false);
      default -> throw new IllegalTransitionException(JobState.QUEUED, event);
    };
  }

  private static Transition fromRunning(JobEvent event, RetryFacts facts) {
    JobState r = JobState.RUNNING;
    boolean cancel = facts.cancelRequested();
    return switch (event) {
      case JobEvent.Exited e when e.exitCode() == 0 ->
          new Transition(r, JobState.SUCCEEDED, EndReason.EXIT, 0, false, cancel);
      case JobEvent.Exited e when cancel ->
          new Transition(r, JobState.CANCELLED, EndReason.CANCELLED, e.exitCode(), false, true);
      case JobEvent.Exited e when facts.retryExitCodes().contains(e.exitCode()) && facts.attemptsLeft() ->
          new Transition(r, JobState.QUEUED, EndReason.EXIT, e.exitCode(), true, false);
      case JobEvent.Exited e -> new Transition(r, JobState.FAILED, EndReason.EXIT, e.exitCode(), false, false);
      case JobEvent.TimedOut t -> new Transition(r, JobState.FAILED, EndReason.TIMEOUT, null, false, cancel);
      case JobEvent.StartFailed s -> new Transition(r, JobState.FAILED, EndReason.START_FAILED, null, false, cancel);
      case JobEvent.CancelRequested c -> new Transition(r, r, null, null, false, true);
      case JobEvent.KilledOnCancel k ->
          new Transition(r, JobState.CANCELLED, EndReason.CANCELLED, null, false, true);
      case JobEvent.LeaseLost l when cancel ->
          new Transition(r, JobState.CANCELLED, EndReason.LOST, null, false, true);
      case JobEvent.LeaseLost l when facts.attemptsLeft() ->
          new Transition(r, JobState.QUEUED, EndReason.LOST, null, true, false);
      case JobEvent.LeaseLost l -> new Transition(r, JobState.FAILED, EndReason.LOST, null, false, false);
      case JobEvent.Released rel when cancel ->
          new Transition(r, JobState.CANCELLED, EndReason.CANCELLED, null, false, true);
      case JobEvent.Released rel -> new Transition(r, JobState.QUEUED, EndReason.RELEASED, null, true, false);
      case JobEvent.Leased l -> throw new IllegalTransitionException(r, event);
      // a job only leaves the queue once every dependency succeeded
      case JobEvent.DependencyFailed d -> throw new IllegalTransitionException(r, event);
    };
  }
}
