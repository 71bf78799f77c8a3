package io.relayq.client;

import io.relayq.core.JobState;
import io.relayq.core.api.JobView;
import java.time.Duration;

/**
 * {@link JobHandle#await(Duration)} gave up: the job had not ended in time. Nothing happened to
 * the job; it goes on, and can be awaited again or cancelled. The message names the job, its state
 * and, for a queued job, why it is not running, like {@code job j_... is still queued after 10 s:
 * no online worker has label gpu (2 workers online)}.
 */
public class AwaitTimeoutException extends RelayqException {
  private static final long serialVersionUID = 1L;
  private final transient JobView job;

  /** {@code job} as it was when the wait of {@code waited} ended. */
  public AwaitTimeoutException(JobView job, Duration waited) {
    super(message(job, waited), null);
    this.job = job;
  }

  private static String message(JobView job, Duration waited) {
    StringBuilder m = new StringBuilder("job ").append(job.id()).append(" is still ")
        .append(job.state().wireName()).append(" after ").append(human(waited));
    if (job.state() == JobState.RUNNING) {
      m.append(" (attempt ").append(job.attempt()).append(" of ").append(job.maxAttempts())
          .append(job.worker() == null ? "" : " on worker " + job.worker()).append(')');
    }
    if (job.waiting() != null) {
      m.append(": ").append(job.waiting());
    }
    return m.append("; wait longer, or cancel it with: relayq cancel ").append(job.id()).toString();
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The job's id. */
  public String jobId() {
    return job.id();
  }

  /** The job as it was when the wait ended. */
  public JobView job() {
    return job;
  }

  /** The job's state when the wait ended: queued or running. */
  public JobState state() {
    return job.state();
  }

  @Override
  public int status() {
    return 0;
  }

  @Override
  public String code() {
    return "await_timeout";
  }
}
