package io.relayq.coordinator;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-job wake-ups for output followers: a worker's output or finish for a job wakes only the
 * streams following that job. Entries exist only while someone follows the job.
 */
final class JobWatchers {
  private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A subscription to one job's changes; close it when the stream ends. */
  final class Watch implements AutoCloseable {
    private final String jobId;
    private final ChangeSignal signal = new ChangeSignal();
    private int users;

    private Watch(String jobId) {
      this.jobId = jobId;
    }

    ChangeSignal signal() {
      return signal;
    }

    @Override
    public void close() {
      watches.computeIfPresent(jobId, (id, w) -> --w.users == 0 ? null : w);
    }
  }

  Watch watch(String jobId) {
    Watch w = watches.compute(jobId, (id, existing) -> {
      Watch out = existing == null ? new Watch(id) : existing;
      out.users++;
      return out;
    });
    if (closed) {
      w.signal.close();
    }
    return w;
  }

  /** Something happened to the job (output arrived, it finished, was cancelled or re-queued). */
  void changed(String jobId) {
    Watch w = watches.get(jobId);
    if (w != null) {
      w.signal.signal();
    }
  }

  /** Something may have happened to any followed job; each follower looks again. */
  void changedAll() {
    watches.values().forEach(w -> w.signal.signal());
  }

  /** Ends every follow: the coordinator is stopping. */
  void close() {
    closed = true;
    watches.values().forEach(w -> w.signal.close());
  }
}
