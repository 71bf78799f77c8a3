package io.relayq.core.api;

import io.relayq.core.JobEvent;
import java.util.List;

/**
 * How an attempt ended, as its worker saw it, with the output not yet sent.
 *
 * @param outcome {@code exited}, {@code timed_out}, {@code start_failed}, {@code killed} (on
 *     cancel) or {@code released}
 * @param exitCode the exit code when {@code outcome} is {@code exited}
 * @param message a human detail (the spawn error)
 * @param output output chunks not yet delivered, in order; may be empty
 */
public record FinishReport(int attempt, String outcome, Integer exitCode, String message, List<OutputChunk> output) {

  /** The state-machine event this report stands for; throws for an unknown outcome. */
  public JobEvent toEvent() {
    return switch (outcome == null ? "" : outcome) {
      case "exited" -> {
        if (exitCode == null || exitCode < 0 || exitCode > 255) {
          throw new IllegalArgumentException("outcome exited needs an exitCode 0..255");
        }
        yield new JobEvent.Exited(exitCode);
      }
      case "timed_out" -> JobEvent.TIMED_OUT;
      case "start_failed" -> new JobEvent.StartFailed(message);
      case "killed" -> JobEvent.KILLED_ON_CANCEL;
      case "released" -> JobEvent.RELEASED;
      default -> throw new IllegalArgumentException(
          "unknown outcome '" + outcome + "' (exited, timed_out, start_failed, killed, released)");
    };
  }
}
