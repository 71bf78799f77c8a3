package io.relayq.store;

import io.relayq.core.JobState;

/** The words both drivers record on a job that never ran because a dependency did not succeed. */
public final class DependencyOutcome {
  private DependencyOutcome() {}

  /** {@code job j_... it waited for failed}, for the job's message and its history entry. */
  public static String describe(String dependencyId, JobState dependencyState) {
    String how = switch (dependencyState) {
      case CANCELLED -> "was cancelled";
      case FAILED -> "failed";
      default -> "did not succeed";
    };
    return "job " + dependencyId + " it waited for " + how;
  }
}
