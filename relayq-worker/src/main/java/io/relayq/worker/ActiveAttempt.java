package io.relayq.worker;

import io.relayq.core.api.LeaseGrant;
import io.relayq.core.api.LeaseRef;

/**
 * A lease this worker holds, from the moment it arrives until its result is delivered or dropped:
 * the attempt running under it and when the lease was last renewed (by {@link System#nanoTime()},
 * for self-fencing). Thread-safe.
 */
final class ActiveAttempt {
  private final LeaseGrant lease;
  private final long leaseTtlNanos;
  private volatile long renewedAtNanos;
  private volatile boolean processEnded;
  private volatile Thread runner;
  private RunningAttempt running;
  private KillReason killReason;

  /**
   * @param receivedAtNanos when the lease arrived; it counts as renewed then (the coordinator
   *     granted it a moment before, so the worker fences no later than the coordinator expires it)
   */
  ActiveAttempt(LeaseGrant lease, long receivedAtNanos) {
    this.lease = lease;
    this.leaseTtlNanos = lease.spec().leaseTtl().toNanos();
    this.renewedAtNanos = receivedAtNanos;
  }

  LeaseGrant lease() {
    return lease;
  }

  LeaseRef ref() {
    return lease.ref();
  }

  long leaseTtlNanos() {
    return leaseTtlNanos;
  }

  /** A heartbeat sent at {@code sentAtNanos} renewed the lease. */
  void renewed(long sentAtNanos) {
    if (sentAtNanos > renewedAtNanos) {
      renewedAtNanos = sentAtNanos;
    }
  }

  /** When the lease runs out unless renewed; the process must be gone by then. */
  long fenceDeadlineNanos() {
    return renewedAtNanos + leaseTtlNanos;
  }

  long renewedAtNanos() {
    return renewedAtNanos;
  }

  boolean processEnded() {
    return processEnded;
  }

  /** Whether a kill was asked for (the process may still be on its way out). */
  synchronized boolean killRequested() {
    return killReason != null;
  }

  /** Whether self-fencing must still watch this lease: its process runs and nobody is killing it. */
  boolean needsFencing() {
    return !processEnded && !killRequested();
  }

  /** Marks the process over; true only for the first call. */
  synchronized boolean markProcessEnded() {
    if (processEnded) {
      return false;
    }
    processEnded = true;
    return true;
  }

  void runner(Thread thread) {
    this.runner = thread;
  }

  /** Interrupts the thread that runs and reports the attempt: the worker stops. */
  void interruptRunner() {
    Thread t = runner;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Connects the started attempt; a kill requested before it started is applied now. */
  synchronized void attach(RunningAttempt attempt) {
    running = attempt;
    if (killReason != null) {
      attempt.kill(killReason);
    }
  }

  /**
   * Kills the attempt's process group for {@code reason}. True only for the first kill of a running
   * process, so callers log each kill once.
   */
  synchronized boolean kill(KillReason reason) {
    if (killReason != null || processEnded) {
      return false;
    }
    killReason = reason;
    if (running != null) {
      running.kill(reason);
    }
    return true;
  }
}
