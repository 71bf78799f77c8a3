package io.relayq.coordinator;

/**
 * Who to wake when something happens to a job, named after what happened so handlers cannot
 * forget a party:
 *
 * <ul>
 *   <li>{@link #work()}: long-polling workers; signalled when a job becomes runnable (submit,
 *       re-queue) and when a cancel must reach a worker;
 *   <li>{@link #history()}: event streams; signalled on every state change;
 *   <li>{@link #jobs()}: output followers of one job; signalled on its output and state changes.
 * </ul>
 */
final class Wakeups {
  private final ChangeSignal work = new ChangeSignal();
  private final ChangeSignal history = new ChangeSignal();
  private final JobWatchers jobs = new JobWatchers();

  ChangeSignal work() {
    return work;
  }

  ChangeSignal history() {
    return history;
  }

  JobWatchers jobs() {
    return jobs;
  }

  /** The job is (again) waiting for a worker: submitted, retried or its lease was lost. */
  void jobQueued(String jobId) {
    work.signal();
    jobChanged(jobId);
  }

  /** A running job's user asked to cancel it: its worker must hear of it. */
  void cancelRequested(String jobId) {
    work.signal();
    jobChanged(jobId);
  }

  /** Any other state change (leased, finished, cancelled while queued). */
  void jobChanged(String jobId) {
    history.signal();
    jobs.changed(jobId);
  }

  void outputAppended(String jobId) {
    jobs.changed(jobId);
  }

  /** Ends every long poll and stream: the coordinator is stopping. */
  void close() {
    work.close();
    history.close();
    jobs.close();
  }
}
