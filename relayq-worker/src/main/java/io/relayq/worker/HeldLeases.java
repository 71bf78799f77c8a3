package io.relayq.worker;

import io.relayq.core.api.LeaseRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Every lease the worker holds, and how many of them still run a process (those fill slots; the
 * others wait for their result to be delivered, and are still renewed meanwhile).
 */
final class HeldLeases {
  private final ConcurrentHashMap<LeaseRef, ActiveAttempt> held = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  void add(ActiveAttempt attempt) {
    running.incrementAndGet();
    held.put(attempt.ref(), attempt);
  }

  /** The attempt's process is over: its slot is free. Idempotent. */
  void processEnded(ActiveAttempt attempt) {
    if (attempt.markProcessEnded()) {
      running.decrementAndGet();
      signal();
    }
  }

  /** The attempt is done with: result delivered or dropped. */
  void remove(ActiveAttempt attempt) {
    processEnded(attempt);
    held.remove(attempt.ref(), attempt);
    signal();
  }

  ActiveAttempt get(LeaseRef ref) {
    return held.get(ref);
  }

  List<ActiveAttempt> all() {
    return List.copyOf(held.values());
  }

  /** How many attempts still run a process. */
  int running() {
    return running.get();
  }

  int size() {
    return held.size();
  }

  /** Waits up to {@code limit} until no process runs; true when none does. */
  boolean awaitNoProcesses(Duration limit) throws InterruptedException {
    return awaitUntil(() -> running.get() == 0, limit);
  }

  /** Waits up to {@code limit} until no lease is held; true when none is. */
  boolean awaitEmpty(Duration limit) throws InterruptedException {
    return awaitUntil(held::isEmpty, limit);
  }

  private boolean awaitUntil(BooleanSupplier done, Duration limit) throws InterruptedException {
    long left = limit.toNanos();
    lock.lock();
    try {
      while (!done.getAsBoolean()) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
