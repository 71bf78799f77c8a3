package io.relayq.coordinator;

import io.relayq.core.Job;
import io.relayq.core.JobState;
import java.time.InstantSource;

/**
 * Who to wake when something happens to a job, named after what happened so handlers cannot
 * forget a party:
 *
 * <ul>
 *   <li>{@link #work()}: long-polling workers; signalled when a job becomes runnable (submit,
 *       re-queue, a group place freed, a dependency succeeded, a delay or preferred-worker wait
 *       ended) and when a cancel must reach a worker;
 *   <li>{@link #history()}: event streams; signalled on every state change;
 *   <li>{@link #jobs()}: output followers of one job; signalled on its output and state changes.
 * </ul>
 */
final class Wakeups {
  private final ChangeSignal work = new ChangeSignal();
  private final ChangeSignal history = new ChangeSignal();
  private final JobWatchers jobs = new JobWatchers();
  private final StartTimer startTimer;

  Wakeups(InstantSource clock) {
    this.startTimer = new StartTimer(clock, work::signal);
  }

  ChangeSignal work() {
    return work;
  }

  ChangeSignal history() {
    return history;
  }

  JobWatchers jobs() {
    return jobs;
  }

  StartTimer startTimer() {
    return startTimer;
  }

  /**
   * The job is (again) waiting for a worker: submitted, retried or its lease was lost. Workers look
   * now, and again when its start time comes and when its wait for a preferred worker ends.
   */
  void jobQueued(Job job) {
    work.signal();
    startTimer.wakeAt(job.runAt());
    var preferUntil = job.spec().preferUntil(job.createdAt());
    if (preferUntil != null) {
      startTimer.wakeAt(preferUntil);
    }
    jobChanged(job);
  }

  /** A running job's user asked to cancel it: its worker must hear of it. */
  void cancelRequested(Job job) {
    work.signal();
    jobChanged(job);
  }

  /**
   * Any other state change (leased, finished, cancelled while queued). A finished job may free a
   * place in its concurrency group or release jobs waiting for it, so workers look again; one that
   * did not succeed also ended the jobs waiting for it, whose followers cannot be named here.
   */
  void jobChanged(Job job) {
    if (job.state().isTerminal()) {
      work.signal();
      if (job.state() != JobState.SUCCEEDED) {
        jobs.changedAll();
      }
    }
    history.signal();
    jobs.changed(job.id());
  }

  void outputAppended(String jobId) {
    jobs.changed(jobId);
  }

  /** Ends every long poll and stream: the coordinator is stopping. */
  void close() {
    startTimer.close();
    work.close();
    history.close();
    jobs.close();
  }
}
