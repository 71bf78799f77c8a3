package io.relayq.core.api;

import io.relayq.core.Attempt;
import io.relayq.core.EndReason;
import io.relayq.core.Job;
import io.relayq.core.JobSpec;
import io.relayq.core.JobState;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it.
 *
 * @param waiting for a queued job, why it is not running yet (in plain words), else null
 * @param attempts every attempt so far; only on single-job reads
 * @param submittedBy the name of the token that submitted it, or null
 * @param progressText the status line the job reported with {@code progress}, or null
 */
public record JobView(
    String id,
    JobState state,
    String command,
    int attempt,
    int maxAttempts,
    boolean cancelRequested,
    String worker,
    Integer exitCode,
    EndReason reason,
    String message,
    Integer progress,
    Instant createdAt,
    Instant runAt,
    Instant startedAt,
    Instant finishedAt,
    Instant leaseExpiresAt,
    String key,
    String waiting,
    JobSpec spec,
    List<Attempt> attempts,
    String submittedBy,
    String progressText) {

  public static JobView of(Job j, String waiting, List<Attempt> attempts) {
    return new JobView(j.id(), j.state(), j.spec().displayCommand(), j.attempt(), j.spec().maxAttempts(),
        j.cancelRequested(), j.worker(), j.exitCode(), j.reason(), j.message(), j.progress(), j.createdAt(),
        j.runAt(), j.startedAt(), j.finishedAt(), j.leaseExpiresAt(), j.key(), waiting, j.spec().redacted(), attempts,
        j.submittedBy(), j.progressText());
  }
}
