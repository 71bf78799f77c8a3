package io.relayq.store;

import io.relayq.core.JobEvent;
import io.relayq.core.api.OutputChunk;
import java.time.Instant;
import java.util.List;

/**
 * A worker reporting how an attempt ended, with any output it had not sent yet.
 *
 * @param event what happened to the process (exited, timed out, killed on cancel...)
 */
public record FinishRequest(
    String jobId, int attempt, String worker, JobEvent event, String message, List<OutputChunk> output, Instant now) {
  public FinishRequest {
    output = output == null ? List.of() : List.copyOf(output);
  }
}
