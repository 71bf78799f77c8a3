package io.relayq.worker;

import io.relayq.client.Backoff;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.RelayqException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.api.PollRequest;
import io.relayq.core.api.PollResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls the coordinator for work: asks for as many jobs as slots are free, and with no free
 * slot (or while draining) asks for cancels only ({@code free = 0}). Only a cancels-only request is
 * abandoned, when a slot frees up: one with {@code free > 0} may have had jobs leased to it, which
 * would then sit unrun until their leases expire, so it is always read to the end.
 *
 * <p>404 (the coordinator forgot this worker) leads to a new hello; 409 superseded stops the agent;
 * no answer is retried with backoff and jitter, logged once per outage.
 */
final class PollLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private final WorkerAgent agent;
  private final WorkerProtocolClient client;
  private final Reachability reachability;
  private final Duration pollWait;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean stopping;
  private volatile boolean jobRequestInFlight;
  private volatile Thread thread;

  PollLoop(WorkerAgent agent, WorkerProtocolClient client, Reachability reachability, Duration pollWait) {
    this.agent = agent;
    this.client = client;
    this.reachability = reachability;
    this.pollWait = pollWait;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    Backoff backoff = Backoff.standard();
    boolean helloNeeded = false;
    while (!stopping) {
      try {
        if (helloNeeded) {
          agent.helloAgain();
          helloNeeded = false;
        }
        if (pollOnce()) {
          reachability.answered();
          backoff.reset();
        }
        agent.pollReturned();
        continue;
      } catch (NotFoundException e) {
        log.info("the coordinator does not know this worker ({}); saying hello again", e.getMessage());
        agent.forgotten();
        agent.pollReturned();
        helloNeeded = true;
        continue;
      } catch (ConflictException e) {
        agent.stopOnConflict(e);
        return;
      } catch (UnreachableException | ServerUnavailableException e) {
        reachability.failed(e);
      } catch (CancellationException e) {
        if (stopping) {
          return;
        }
      } catch (RelayqException e) {
        log.warn("polling for work failed: {}; retrying", e.getMessage());
      }
      // a failed poll that is retried is progress too: the loop is alive, the coordinator is not
      agent.pollReturned();
      try {
        backoff.pause();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Polls once and hands what came back to the agent; false when the poll was abandoned. */
  private boolean pollOnce() {
    int free = agent.freeSlots();
    if (free == 0) {
      PollResponse response = pollForCancels();
      if (response != null) {
        agent.handle(response);
      }
      return response != null;
    }
    jobRequestInFlight = true;
    try {
      agent.handle(client.poll(agent.name(), new PollRequest(agent.incarnation(), free, pollWait.toMillis())));
      return true;
    } finally {
      // cleared only once its jobs are handed over, so a drain waiting on it also sees them
      jobRequestInFlight = false;
      wake();
    }
  }

  /**
   * Waits up to {@code limit} until no poll that asks for jobs is open; true when none is. A
   * draining agent waits for it: jobs leased to it must be handed back, not left to expire.
   */
  boolean awaitNoJobRequest(Duration limit) throws InterruptedException {
    long left = limit.toNanos();
    lock.lock();
    try {
      while (jobRequestInFlight) {
        if (left <= 0) {
          return false;
        }
        left = wake.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** A cancels-only poll, abandoned (null) as soon as a slot frees up or the loop stops. */
  private PollResponse pollForCancels() {
    FutureTask<PollResponse> call = new FutureTask<>(() -> {
      try {
        return client.poll(agent.name(), new PollRequest(agent.incarnation(), 0, pollWait.toMillis()));
      } finally {
        wake();
      }
    });
    Thread.ofVirtual().name("relayq-poll-cancels").start(call);
    lock.lock();
    try {
      while (!call.isDone() && !stopping && agent.freeSlots() == 0) {
        wake.await();
      }
    } catch (InterruptedException e) {
      call.cancel(true);
      throw new CancellationException("poll loop interrupted");
    } finally {
      lock.unlock();
    }
    if (!call.isDone()) {
      call.cancel(true);
      return null;
    }
    try {
      return call.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | CancellationException e) {
      return null;
    }
  }

  /** A slot freed up or the state changed: re-evaluate what to ask for. */
  void wake() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the loop and aborts a poll in flight. Call once no open poll asks for jobs
   * ({@link #awaitNoJobRequest}), or a lease granted to it is recovered only when it expires.
   */
  void stop() {
    stopping = true;
    wake();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
