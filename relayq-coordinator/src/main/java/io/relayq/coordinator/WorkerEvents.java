package io.relayq.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The recent worker events, in memory, for event streams to send live. Unlike job history they are
 * not stored, so a stream cannot resume them: a client that reconnects reads {@code GET /workers}
 * for the current state. Each publish wakes the event streams.
 */
final class WorkerEvents {
  /** Streams that fall this far behind skip the oldest; it is only a live feed. */
  private static final int KEPT = 1000;

  /** An event and its place in this coordinator's sequence (internal: not an SSE id). */
  record Entry(long seq, WorkerEvent event) {}

  private final ChangeSignal wake;
  private final Deque<Entry> recent = new ArrayDeque<>();
  private long last;

  WorkerEvents(ChangeSignal wake) {
    this.wake = wake;
  }

  void publish(WorkerEvent event) {
    synchronized (this) {
      recent.addLast(new Entry(++last, event));
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
    }
    wake.signal();
  }

  /** The seq of the newest event: a new stream starts after it. */
  synchronized long latest() {
    return last;
  }

  /** Events after {@code seq}, oldest first. */
  synchronized List<Entry> after(long seq) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : recent) {
      if (e.seq() > seq) {
        out.add(e);
      }
    }
    return out;
  }
}
