package io.relayq.worker;

import io.relayq.client.ApiErrorException;
import io.relayq.client.Backoff;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.RelayqException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.OutputChannel;
import io.relayq.core.api.LeaseRef;
import io.relayq.core.api.OutputChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one attempt's output to the coordinator. Bytes are buffered per stream with their
 * offsets; a flusher thread (started on the first byte) sends a chunk once {@value #SEND_THRESHOLD}
 * bytes wait or {@link #LINGER} after the oldest unsent byte arrived, one send at a time so offsets
 * arrive in order. What is left when the process ends goes inside the finish report, so a short
 * job costs one HTTP call. Sends are retried with backoff while the coordinator does not answer;
 * when more than {@value #MAX_BUFFERED} bytes wait, the job's writes block.
 *
 * <p>A send refused because the lease is gone calls {@code onLeaseLost} (which kills the process
 * group: someone else runs the job now) and drops everything.
 *
 * <p>Known limit: unsent output lives in memory only; a worker that dies loses it (a disk spool
 * is planned).
 */
final class OutputSender implements OutputSink {
  static final int SEND_THRESHOLD = 64 * 1024;
  static final Duration LINGER = Duration.ofMillis(50);
  /** The coordinator's limit for one output request. */
  static final int MAX_REQUEST = 1024 * 1024;
  /** At most this much output travels inside a finish report; more is sent before it. */
  static final int MAX_INLINE = 256 * 1024;
  static final int MAX_BUFFERED = 8 * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(OutputSender.class);

  private final WorkerProtocolClient client;
  private final LeaseRef lease;
  private final Reachability reachability;
  private final Runnable onLeaseLost;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final StreamBuffer stdout = new StreamBuffer(OutputChannel.STDOUT);
  private final StreamBuffer stderr = new StreamBuffer(OutputChannel.STDERR);
  private long oldestUnsentAt;
  private boolean closing;
  private boolean sending;
  private boolean lost;
  private Thread flusher;

  OutputSender(WorkerProtocolClient client, LeaseRef lease, Reachability reachability, Runnable onLeaseLost) {
    this.client = client;
    this.lease = lease;
    this.reachability = reachability;
    this.onLeaseLost = onLeaseLost;
  }

  @Override
  public void write(OutputChannel stream, byte[] data, int offset, int length) {
    lock.lock();
    try {
      while (buffered() >= MAX_BUFFERED && !closing && !lost) {
        changed.await();
      }
      if (closing || lost) {
        return;
      }
      if (buffered() == 0) {
        oldestUnsentAt = System.nanoTime();
      }
      (stream == OutputChannel.STDOUT ? stdout : stderr).append(data, offset, length);
      if (flusher == null) {
        flusher = Thread.ofVirtual().name("relayq-" + lease.jobId() + "-output").start(this::flushLoop);
      }
      changed.signalAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private int buffered() {
    return stdout.size() + stderr.size();
  }

  private void flushLoop() {
    lock.lock();
    try {
      while (!closing && !lost) {
        int waiting = buffered();
        long due = oldestUnsentAt + LINGER.toNanos() - System.nanoTime();
        if (waiting == 0) {
          changed.await();
        } else if (waiting < SEND_THRESHOLD && due > 0) {
          changed.awaitNanos(due);
        } else if (!sendNextLocked()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // abandoned: nothing more is sent
    } finally {
      lock.unlock();
    }
  }

  /** Sends the next chunk with the lock released meanwhile; false when sending must stop. */
  private boolean sendNextLocked() throws InterruptedException {
    StreamBuffer buffer = stdout.size() > 0 ? stdout : stderr;
    OutputChunk chunk = buffer.peek(MAX_REQUEST);
    sending = true;
    lock.unlock();
    boolean sent;
    try {
      sent = send(chunk);
    } finally {
      lock.lock();
      sending = false;
      changed.signalAll();
    }
    if (sent && !lost) {
      buffer.consume(chunk.data().length);
    }
    return sent;
  }

  /**
   * Sends one chunk, retrying while the coordinator does not answer. False when the lease is lost
   * (after calling {@code onLeaseLost}).
   *
   * @throws InterruptedException when the attempt is abandoned meanwhile
   */
  private boolean send(OutputChunk chunk) throws InterruptedException {
    Backoff backoff = Backoff.standard();
    while (true) {
      try {
        client.output(lease.jobId(), lease.attempt(), chunk.stream(), chunk.offset(), chunk.data());
        reachability.answered();
        return true;
      } catch (ConflictException | NotFoundException e) {
        leaseLost(e);
        return false;
      } catch (UnreachableException | ServerUnavailableException e) {
        reachability.failed(e);
      } catch (ApiErrorException e) {
        if (e.status() < 500) {
          log.error("job {} attempt {}: the coordinator refused {} bytes of {} at offset {}: {}; they are"
                  + " dropped (please report this)", lease.jobId(), lease.attempt(), chunk.data().length,
              chunk.stream().wireName(), chunk.offset(), e.getMessage());
          return true;
        }
        log.warn("job {} attempt {}: storing output failed ({}), retrying", lease.jobId(), lease.attempt(), e.getMessage());
      } catch (CancellationException e) {
        throw new InterruptedException("abandoned while sending output");
      }
      backoff.pause();
    }
  }

  private void leaseLost(RelayqException e) {
    log.warn("job {} attempt {}: output refused because this worker no longer holds the lease ({});"
        + " killing its process group", lease.jobId(), lease.attempt(), e.getMessage());
    dropAll();
    onLeaseLost.run();
  }

  /**
   * Ends sending once the process is over: waits for a send in flight, sends what exceeds
   * {@value #MAX_INLINE} bytes, and returns the rest as chunks for the finish report.
   *
   * @return the chunks to report, or null when the lease was lost meanwhile
   * @throws InterruptedException when the attempt is abandoned meanwhile
   */
  List<OutputChunk> finish() throws InterruptedException {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
      while (sending) {
        changed.await();
      }
      while (!lost && buffered() > MAX_INLINE) {
        if (!sendNextLocked()) {
          break;
        }
      }
      if (lost) {
        return null;
      }
      List<OutputChunk> rest = new ArrayList<>(2);
      for (StreamBuffer b : List.of(stdout, stderr)) {
        if (b.size() > 0) {
          rest.add(b.peek(b.size()));
          b.clear();
        }
      }
      return rest;
    } finally {
      lock.unlock();
    }
  }

  /** Drops everything and stops sending: the attempt is fenced or the worker stops. */
  void abandon() {
    dropAll();
    Thread f;
    lock.lock();
    try {
      f = flusher;
    } finally {
      lock.unlock();
    }
    if (f != null) {
      f.interrupt();
    }
  }

  private void dropAll() {
    lock.lock();
    try {
      lost = true;
      stdout.clear();
      stderr.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
