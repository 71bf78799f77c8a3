package io.relayq.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.TreeSet;

/**
 * Wakes long-polling workers at the moments a queued job becomes claimable without anything
 * happening: its delayed start or retry backoff comes, or its wait for a preferred worker ends and
 * any matching worker may take it. So an idle worker starts such a job on time, not at its next
 * re-check.
 *
 * <p>Holds at most {@value #MAX_PENDING} distinct moments, the earliest ones; later ones are
 * dropped and left to the polls' periodic re-check (as are moments of jobs submitted through
 * another coordinator). Moments are rounded up to the next millisecond, the store's precision, so
 * a claim at the wake-up already sees the job as due.
 */
final class StartTimer implements AutoCloseable {
  static final int MAX_PENDING = 10_000;

  private final InstantSource clock;
  private final Runnable wake;
  private final TreeSet<Instant> due = new TreeSet<>();
  private final Thread thread;
  private boolean closed;

  StartTimer(InstantSource clock, Runnable wake) {
    this.clock = clock;
    this.wake = wake;
    this.thread = Thread.ofPlatform().name("relayq-start-timer").daemon().start(this::loop);
  }

  /** Wakes the workers at {@code when}; a moment already past is ignored (the caller woke them). */
  synchronized void wakeAt(Instant when) {
    Instant at = when.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    if (closed || !at.isAfter(clock.instant())) {
      return;
    }
    if (due.size() >= MAX_PENDING && at.isAfter(due.last())) {
      return;
    }
    due.add(at);
    if (due.size() > MAX_PENDING) {
      due.pollLast();
    }
    notifyAll();
  }

  /** How many moments are pending; for tests. */
  synchronized int pending() {
    return due.size();
  }

  private synchronized void loop() {
    try {
      while (!closed) {
        if (due.isEmpty()) {
          wait();
          continue;
        }
        Instant now = clock.instant();
        long millis = Duration.between(now, due.first()).toMillis();
        if (millis > 0) {
          wait(millis);
          continue;
        }
        due.headSet(now, true).clear();
        wake.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      due.clear();
      notifyAll();
    }
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
