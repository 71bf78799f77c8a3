package io.relayq.coordinator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up that cannot be missed: waiters read {@link #generation()} before they look for work, then
 * {@link #await} returns at once if anything signalled in between. Used for new work (long-polling
 * workers), for job history (event streams) and, per job, for new output.
 *
 * <p>It only says "look again": the store stays the truth, so a waiter re-checks after a wake-up
 * and after a bounded wait, which also catches changes made by another coordinator.
 *
 * <p>Closing wakes every waiter and makes further waits return at once, so long polls and streams
 * end quickly when the coordinator stops.
 */
final class ChangeSignal {
  private final AtomicLong generation = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean closed;

  long generation() {
    return generation.get();
  }

  /** Wakes every waiter. Cheap when nobody waits: the lock is only taken when someone does. */
  void signal() {
    generation.incrementAndGet();
    if (waiters.get() > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until the generation moves past {@code seen}, the signal is closed, {@code max} passes or
   * the thread is interrupted (the interrupt flag is kept).
   *
   * @return true when something was signalled after {@code seen}
   */
  boolean await(long seen, Duration max) {
    // Count ourselves as a waiter before re-reading the generation: a signal() that misses our
    // count must then have bumped the generation before our check, so nothing is lost.
    waiters.incrementAndGet();
    lock.lock();
    try {
      long nanos = max.toNanos();
      while (generation.get() == seen && !closed && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
    return generation.get() != seen;
  }

  boolean isClosed() {
    return closed;
  }

  void close() {
    closed = true;
    signal();
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
