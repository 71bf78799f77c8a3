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
 */
final class HeartbeatLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

  private final WorkerAgent agent;
  private final WorkerProtocolClient client;
  private final HeldLeases leases;
  private final Reachability reachability;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Backoff backoff = Backoff.standard();
  private volatile Duration interval;
  private volatile boolean stopping;

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
    long lastSent = System.nanoTime();
    long retryAt = 0;
    boolean retrying = false;
    while (!stopping) {
      long now = System.nanoTime();
      fenceOverdue(now);
      // recomputed every round: a new lease with a short TTL moves the next beat closer
      long due = retrying ? retryAt : lastSent + intervalNanos();
      if (now - due >= 0) {
        lastSent = now;
        retrying = !beat(now);
        if (retrying) {
          retryAt = System.nanoTime() + Math.min(backoff.next().toNanos(), intervalNanos());
        }
        if (stopping) {
          return;
        }
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

  /** Sends one heartbeat sent at {@code sentAt}; false when it should be retried soon. */
  private boolean beat(long sentAt) {
    List<LeaseRef> refs = leases.all().stream().map(ActiveAttempt::ref).toList();
    try {
      HeartbeatResponse response = client.heartbeat(agent.name(), new HeartbeatRequest(agent.incarnation(), refs));
      reachability.answered();
      backoff.reset();
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
      if (!a.processEnded() && now - a.fenceDeadlineNanos() >= 0) {
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
      if (!a.processEnded()) {
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
