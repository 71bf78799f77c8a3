package io.relayq.worker;

import io.relayq.client.Backoff;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.RelayqException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.api.HeartbeatRequest;
import io.relayq.core.api.HeartbeatResponse;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.ProgressReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews every held lease each heartbeat interval (more often when a lease's TTL is shorter than
 * three intervals), kills what the coordinator calls stale or cancelled, and fences: a lease not
 * renewed for its job's TTL, measured from the send time of the last heartbeat that renewed it,
 * gets its process group killed, since the coordinator may already have given the job to someone
 * else.
 *
 * <p>Each heartbeat is sent from a thread of its own, so a call that hangs (a network that drops
 * packets holds it until the client's 30 s timeout) delays neither fencing nor the next heartbeat:
 * one interval later another goes out on a fresh connection, up to {@value #MAX_IN_FLIGHT} at once,
 * and renews the leases as soon as the network is back.
 */
final class HeartbeatLoop implements Runnable {
  static final int MAX_IN_FLIGHT = 3;
  private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

  private final WorkerAgent agent;
  private final WorkerProtocolClient client;
  private final HeldLeases leases;
  private final Reachability reachability;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  /** Guarded by {@code lock}, like the scheduling fields below. */
  private final Backoff backoff = Backoff.standard();
  private volatile Duration interval;
  private volatile boolean stopping;
  private long lastSent;
  private long retryAt;
  private boolean retrying;
  private int inFlight;

  HeartbeatLoop(WorkerAgent agent, WorkerProtocolClient client, HeldLeases leases, Reachability reachability,
      Duration interval) {
    this.agent = agent;
    this.client = client;
    this.leases = leases;
    this.reachability = reachability;
    this.interval = interval;
  }

  /** The coordinator's heartbeat interval, from its latest welcome. */
  void interval(Duration value) {
    this.interval = value;
    wake();
  }

  @Override
  public void run() {
    lastSent = System.nanoTime();
    while (!stopping) {
      long now = System.nanoTime();
      fenceOverdue(now);
      long due;
      boolean send;
      lock.lock();
      try {
        // recomputed every round: a new lease with a short TTL moves the next beat closer
        due = retrying ? retryAt : lastSent + intervalNanos();
        send = now - due >= 0 && inFlight < MAX_IN_FLIGHT;
        if (send) {
          inFlight++;
          lastSent = now;
          retrying = false;
        } else if (now - due >= 0) {
          // every allowed beat hangs: look again after one more interval
          due = now + intervalNanos();
        }
      } finally {
        lock.unlock();
      }
      if (send) {
        Thread.ofVirtual().name("relayq-heartbeat-call").start(() -> beatAndSchedule(now));
        continue;
      }
      try {
        sleepUntil(earlier(due, earliestFenceDeadline(due)));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long earlier(long a, long b) {
    return a - b <= 0 ? a : b;
  }

  /** Sends one heartbeat, then sets when the next one is due: an interval later, or sooner to retry. */
  private void beatAndSchedule(long sentAt) {
    boolean answered = beat(sentAt);
    lock.lock();
    try {
      inFlight--;
      if (answered) {
        backoff.reset();
      } else if (lastSent == sentAt) {
        retrying = true;
        retryAt = System.nanoTime() + Math.min(backoff.next().toNanos(), intervalNanos());
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Sends one heartbeat sent at {@code sentAt}; false when it should be retried soon. */
  private boolean beat(long sentAt) {
    List<LeaseRef> refs = leases.all().stream().map(ActiveAttempt::ref).toList();
    List<ProgressReport> progress = agent.progress().undelivered();
    try {
      HeartbeatResponse response = client.heartbeat(agent.name(),
          new HeartbeatRequest(agent.incarnation(), refs, agent.load(), progress.isEmpty() ? null : progress));
      agent.progress().delivered(progress);
      reachability.answered();
      agent.heartbeatAnswered();
      apply(response, sentAt);
      return true;
    } catch (NotFoundException e) {
      // the poll loop says hello again when its own call gets the same answer
      log.debug("heartbeat: the coordinator does not know this worker ({})", e.getMessage());
    } catch (ConflictException e) {
      stopping = true;
      agent.stopOnConflict(e);
    } catch (UnreachableException | ServerUnavailableException e) {
      reachability.failed(e);
    } catch (CancellationException e) {
      // stopping
    } catch (RelayqException e) {
      log.warn("heartbeat failed: {}; retrying", e.getMessage());
    }
    return false;
  }

  private void apply(HeartbeatResponse response, long sentAt) {
    for (LeaseRef ref : nullToEmpty(response.renewed())) {
      ActiveAttempt a = leases.get(ref);
      if (a != null) {
        a.renewed(sentAt);
      }
    }
    for (LeaseRef ref : nullToEmpty(response.stale())) {
      ActiveAttempt a = leases.get(ref);
      if (a != null) {
        agent.fence(a, "the coordinator says this worker no longer holds the lease");
      }
    }
    for (LeaseRef ref : nullToEmpty(response.cancel())) {
      agent.cancel(ref);
    }
  }

  private static List<LeaseRef> nullToEmpty(List<LeaseRef> refs) {
    return refs == null ? List.of() : refs;
  }

  /** Self-fencing: kills every running attempt whose lease was not renewed within its TTL. */
  private void fenceOverdue(long now) {
    for (ActiveAttempt a : leases.all()) {
      if (a.needsFencing() && now - a.fenceDeadlineNanos() >= 0) {
        long silentMs = Duration.ofNanos(now - a.renewedAtNanos()).toMillis();
        agent.fence(a, "its lease could not be renewed for " + silentMs + " ms (lease TTL "
            + Duration.ofNanos(a.leaseTtlNanos()).toMillis() + " ms), so the coordinator may have given the"
            + " job to another worker");
      }
    }
  }

  private long earliestFenceDeadline(long otherwise) {
    long earliest = otherwise;
    for (ActiveAttempt a : leases.all()) {
      // a process already being killed has no deadline left: waiting on it would spin
      if (a.needsFencing()) {
        earliest = earlier(earliest, a.fenceDeadlineNanos());
      }
    }
    return earliest;
  }

  /** The configured interval, shortened so every held lease gets about three renewals per TTL. */
  private long intervalNanos() {
    long nanos = interval.toNanos();
    for (ActiveAttempt a : leases.all()) {
      nanos = Math.min(nanos, a.leaseTtlNanos() / 3);
    }
    return nanos;
  }

  private void sleepUntil(long deadline) throws InterruptedException {
    lock.lock();
    try {
      long left = deadline - System.nanoTime();
      if (left > 0 && !stopping) {
        wake.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends the next heartbeat now rather than an interval after the last: it carries news. */
  void beatSoon() {
    lock.lock();
    try {
      if (!retrying) {
        lastSent = System.nanoTime() - intervalNanos();
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A lease was added: its TTL may need an earlier heartbeat or fence check. */
  void wake() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    stopping = true;
    wake();
  }
}
