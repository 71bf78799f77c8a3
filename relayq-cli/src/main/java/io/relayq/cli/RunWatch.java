package io.relayq.cli;

import io.relayq.client.OutputListener;
import io.relayq.client.RelayqClient;
import io.relayq.client.RelayqException;
import io.relayq.core.Attempt;
import io.relayq.core.JobState;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.JobView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code relayq run} shows while it waits for a job: the job's output on the matching
 * streams, a note when a retry starts, and, once the job has sat queued for
 * {@link #QUEUED_NOTICE_AFTER}, why it is not running (again whenever the reason changes).
 */
final class RunWatch implements OutputListener, AutoCloseable {
  static final Duration QUEUED_NOTICE_AFTER = Duration.ofSeconds(2);
  private static final Duration CHECK_EVERY = Duration.ofMillis(500);

  private final CliContext ctx;
  private final RelayqClient client;
  private final String jobId;
  private final boolean copyOutput;
  private final ScheduledExecutorService ticker;
  private int attempt;
  private JobState state;
  private long queuedSince;
  private long nextWaitingCheck;
  private String lastWaiting;

  RunWatch(CliContext ctx, RelayqClient client, JobView submitted, boolean copyOutput) {
    this.ctx = ctx;
    this.client = client;
    this.jobId = submitted.id();
    this.copyOutput = copyOutput;
    this.attempt = submitted.attempt();
    this.state = submitted.state();
    this.queuedSince = System.nanoTime();
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("relayq-waiting").unstarted(r));
    ticker.scheduleWithFixedDelay(this::noticeWaiting, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOutput(int chunkAttempt, OutputChannel stream, long seq, byte[] data) {
    attemptStarted(chunkAttempt, null);
    synchronized (this) {
      // output means it runs, even if its state event has not arrived yet
      state = JobState.RUNNING;
      lastWaiting = null;
    }
    if (!copyOutput) {
      return;
    }
    PrintStream target = stream == OutputChannel.STDERR ? ctx.err() : ctx.out();
    target.write(data, 0, data.length);
    target.flush();
  }

  @Override
  public void onState(JobView job) {
    if (job.state() == JobState.RUNNING) {
      attemptStarted(job.attempt(), job);
    }
    synchronized (this) {
      if (job.state() == JobState.QUEUED && state != JobState.QUEUED) {
        queuedSince = System.nanoTime();
        nextWaitingCheck = 0;
      }
      if (job.state() != JobState.QUEUED) {
        lastWaiting = null;
      }
      state = job.state();
    }
  }

  /** Notes a retry the first time its attempt number shows up: {@code attempt 2 of 3 (attempt 1 ended: exit 75)}. */
  private void attemptStarted(int number, JobView view) {
    synchronized (this) {
      if (number <= attempt) {
        return;
      }
      attempt = number;
    }
    if (number < 2) {
      return;
    }
    JobView full = view != null && view.attempts() != null ? view : fetch();
    String previous = "";
    if (full != null && full.attempts() != null) {
      for (Attempt a : full.attempts()) {
        if (a.number() == number - 1) {
          previous = " (attempt " + a.number() + " ended: " + JobText.attemptResult(a, full) + ")";
        }
      }
    }
    int max = full != null ? full.maxAttempts() : 0;
    ctx.err().flush();
    ctx.note("attempt " + number + (max > 0 ? " of " + max : "") + previous);
  }

  private void noticeWaiting() {
    long now = System.nanoTime();
    synchronized (this) {
      if (state != JobState.QUEUED || now - queuedSince < QUEUED_NOTICE_AFTER.toNanos() || now < nextWaitingCheck) {
        return;
      }
      nextWaitingCheck = now + QUEUED_NOTICE_AFTER.toNanos();
    }
    JobView v = fetch();
    if (v == null || v.state() != JobState.QUEUED || v.waiting() == null) {
      return;
    }
    synchronized (this) {
      if (state != JobState.QUEUED || Objects.equals(v.waiting(), lastWaiting)) {
        return;
      }
      lastWaiting = v.waiting();
    }
    ctx.note("job " + jobId + " is queued: " + v.waiting());
  }

  /** The job as the server has it now; null when that cannot be read (the follow reports errors). */
  private JobView fetch() {
    try {
      return client.job(jobId);
    } catch (RelayqException e) {
      return null;
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
