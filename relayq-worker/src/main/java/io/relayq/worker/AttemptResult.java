package io.relayq.worker;

import io.relayq.core.api.FinishReport;
import io.relayq.core.api.OutputChunk;
import java.util.List;

/**
 * How one attempt ended on this worker.
 *
 * @param exitCode set when {@code outcome} is {@link Outcome#EXITED}
 * @param message a human detail (why it could not start, what was killed), or null
 */
public record AttemptResult(Outcome outcome, Integer exitCode, String message) {

  /** The ways an attempt ends; all but {@link #FENCED} are reported to the coordinator. */
  public enum Outcome {
    EXITED("exited"),
    TIMED_OUT("timed_out"),
    START_FAILED("start_failed"),
    KILLED("killed"),
    RELEASED("released"),
    /** Killed because the lease was lost: not reported. */
    FENCED(null);

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    /** The {@code outcome} of a {@link FinishReport}; null for {@link #FENCED}. */
    public String wireName() {
      return wireName;
    }
  }

  public static AttemptResult exited(int exitCode) {
    return new AttemptResult(Outcome.EXITED, exitCode, null);
  }

  public static AttemptResult startFailed(String message) {
    return new AttemptResult(Outcome.START_FAILED, null, message);
  }

  /** The result of an attempt whose process group was killed for {@code reason}. */
  public static AttemptResult killed(KillReason reason, String message) {
    Outcome outcome = switch (reason) {
      case TIMEOUT -> Outcome.TIMED_OUT;
      case CANCEL -> Outcome.KILLED;
      case RELEASE -> Outcome.RELEASED;
      case FENCE -> Outcome.FENCED;
    };
    return new AttemptResult(outcome, null, message);
  }

  /** Whether the coordinator is told about this result. */
  public boolean reported() {
    return outcome != Outcome.FENCED;
  }

  /** The finish report of {@code attempt} carrying the output not yet sent. */
  public FinishReport toReport(int attempt, List<OutputChunk> unsentOutput) {
    if (!reported()) {
      throw new IllegalStateException("a fenced attempt is not reported");
    }
    return new FinishReport(attempt, outcome.wireName(), exitCode, message, unsentOutput);
  }
}
