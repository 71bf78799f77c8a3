package io.relayq.coordinator;

import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.JobEvent;

/**
 * Recognises a finish report that was already recorded: the worker sent it, the coordinator
 * committed it, and the reply was lost (the coordinator died or the connection broke), so the
 * worker sent it again, maybe to another coordinator. The attempt then ended the way the report
 * says, not by losing its lease; such a report is answered as accepted, so the worker does not
 * count a recorded result as refused.
 */
final class RepeatedReport {
  private RepeatedReport() {}

  /** Whether {@code attempt} ended exactly as {@code reported} says it did. */
  static boolean alreadyRecorded(Attempt attempt, JobEvent reported) {
    if (attempt.endedAt() == null || attempt.reason() == null) {
      return false;
    }
    EndReason r = attempt.reason();
    return switch (reported) {
      case JobEvent.Exited e -> (r == EndReason.EXIT || r == EndReason.CANCELLED) && attempt.exitCode() != null
          && attempt.exitCode() == e.exitCode();
      case JobEvent.TimedOut t -> r == EndReason.TIMEOUT;
      case JobEvent.StartFailed s -> r == EndReason.START_FAILED;
      case JobEvent.KilledOnCancel k -> r == EndReason.CANCELLED && attempt.exitCode() == null;
      case JobEvent.Released rel -> r == EndReason.RELEASED;
      default -> false;
    };
  }
}
