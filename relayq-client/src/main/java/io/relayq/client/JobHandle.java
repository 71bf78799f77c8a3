package io.relayq.client;

import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * One job on the coordinator, from {@link JobBuilder#submit()} or {@link Relayq#handle(String)}.
 * Holds only the id: every method asks the coordinator, so a handle stays valid across restarts of
 * either side and may be shared between threads. Calls fail with the unchecked exceptions of
 * {@link RelayqClient}: {@link NotFoundException} for an unknown id, {@link UnreachableException}
 * when the coordinator does not answer.
 */
public final class JobHandle {
  /** Follow streams positions from 1; asking for output after the largest one asks for none. */
  private static final long NO_OUTPUT = Long.MAX_VALUE;

  private final RelayqClient client;
  private final String id;
  private final boolean created;
  private final JobView submitted;

  JobHandle(RelayqClient client, String id, boolean created, JobView submitted) {
    this.client = client;
    this.id = Objects.requireNonNull(id, "id");
    this.created = created;
    this.submitted = submitted;
  }

  /** The job's id, like {@code j_0q3c5m8x2kd4h7rt}. */
  public String id() {
    return id;
  }

  /**
   * False when the submit found a job with the same idempotency key and an equal spec and returned
   * it instead of creating one; true otherwise (also for a handle from {@link Relayq#handle}).
   */
  public boolean created() {
    return created;
  }

  /** The job as the submit answered it, or null for a handle from {@link Relayq#handle}. */
  public JobView submitted() {
    return submitted;
  }

  /** The job now, with its attempts and, while queued, why it is not running yet. */
  public JobView view() {
    return client.job(id);
  }

  /** The job's state now. */
  public JobState state() {
    return view().state();
  }

  /**
   * Waits until the job has ended (succeeded, failed or cancelled) and returns it with its
   * attempts. Watches the job's event stream, so it returns as soon as the job ends, with no
   * polling interval, and survives coordinator restarts by reconnecting. A failed job is returned,
   * not thrown: look at {@link JobView#state()}, {@link JobView#exitCode()} and
   * {@link JobView#reason()}.
   *
   * @throws AwaitTimeoutException when the job has not ended within {@code timeout}; it names the
   *     job, its state and, while queued, why it waits. The job itself goes on.
   * @throws UnreachableException when the coordinator cannot be reached at the start
   * @throws CancellationException when the calling thread is interrupted (its flag stays set)
   */
  public JobView await(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    JobView end = client.follow(id, NO_OUTPUT, (attempt, stream, seq, data) -> { }, deadline);
    if (end != null) {
      return end;
    }
    JobView now = view();
    if (now.state().isTerminal()) {
      return now;
    }
    throw new AwaitTimeoutException(now, timeout);
  }

  /**
   * Waits as long as it takes for the job to end (its own timeout, 5 h by default, bounds that) and
   * returns it; see {@link #await(Duration)}.
   */
  public JobView await() {
    return client.follow(id, NO_OUTPUT, (attempt, stream, seq, data) -> { });
  }

  /** What the latest attempt wrote to stdout so far (all of it once the job has ended). */
  public byte[] output() {
    return client.output(id, null, OutputChannel.STDOUT);
  }

  /** What the latest attempt wrote to stderr so far. */
  public byte[] stderr() {
    return client.output(id, null, OutputChannel.STDERR);
  }

  /**
   * Delivers the job's output (every attempt, both streams, in arrival order) to {@code listener}
   * as it is written, from the start, until the job has ended; returns the final job. Reconnects
   * after a dropped connection without repeating or missing output.
   *
   * @throws CancellationException when the calling thread is interrupted (its flag stays set)
   */
  public JobView streamOutput(OutputListener listener) {
    return client.follow(id, 0, listener);
  }

  /**
   * Cancels the job: a queued one is cancelled at once; a running one is marked and ends as
   * cancelled once its worker has killed its processes (use {@link #await} to see that).
   *
   * @return the job right after the request
   * @throws ConflictException with {@link ConflictException#isAlreadyFinished()} when it had ended
   */
  public JobView cancel() {
    return client.cancel(id);
  }

  @Override
  public String toString() {
    return "job " + id;
  }
}
