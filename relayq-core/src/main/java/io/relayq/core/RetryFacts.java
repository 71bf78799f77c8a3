package io.relayq.core;

import java.util.Set;

/**
 * What the state machine needs to know about a job besides its state to decide a move.
 *
 * @param attempt the current attempt number (the fencing token); 0 before the first lease
 * @param maxAttempts how many attempts the job may use in all
 * @param retryExitCodes exit codes that mean "try again"
 * @param cancelRequested whether a user asked to cancel the job while it was running
 */
public record RetryFacts(int attempt, int maxAttempts, Set<Integer> retryExitCodes, boolean cancelRequested) {

  public RetryFacts {
    retryExitCodes = Set.copyOf(retryExitCodes);
  }

  public static RetryFacts of(JobSpec spec, int attempt, boolean cancelRequested) {
    return new RetryFacts(attempt, spec.maxAttempts(), spec.retryExitCodes(), cancelRequested);
  }

  boolean attemptsLeft() {
    return attempt < maxAttempts;
  }
}
