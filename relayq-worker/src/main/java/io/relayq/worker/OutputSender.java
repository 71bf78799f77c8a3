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
 * Streams one attempt's output to the coordinator. Bytes wait per stream with their offsets in a
 * {@link StreamSpool} (memory, and disk once much is waiting); a flusher thread (started on the
 * first byte) sends a chunk once {@value #SEND_THRESHOLD} bytes wait or {@link #LINGER} after the
 * oldest unsent byte arrived, one send at a time so offsets arrive in order. Sends are retried with
 * backoff while the coordinator does not answer; meanwhile the output goes on to the spool, and
 * when the spool is full the job's writes block.
 *
 * <p>When the process ends, {@link #finish()} hands what is left over without any network call:
 * the memory tail travels inside the finish report (so a short job costs one HTTP call) and what
 * went to disk is delivered before it.
 *
 * <p>A send refused because the lease is gone calls {@code onLeaseLost} (which kills the process
 * group: someone else runs the job now) and drops everything. A send refused because the attempt
 * stored all the output the coordinator keeps ({@code 413 output_limit}) drops everything too, and
 * all further output of the attempt, while the job runs on to its result.
 */
final class OutputSender implements OutputSink {
  static final int SEND_THRESHOLD = 64 * 1024;
  static final Duration LINGER = Duration.ofMillis(50);
  /** The coordinator's limit for one output request. */
  static final int MAX_REQUEST = 1024 * 1024;
  /** At most this much output travels inside a finish report; more is sent before it. */
  static final int MAX_INLINE = 256 * 1024;
  /** How long the end of an attempt waits for a send in flight before aborting it. */
  static final Duration SEND_WAIT_ON_FINISH = Duration.ofSeconds(1);
  /** How often a job blocked on a full spool looks again whether room came back. */
  private static final Duration ROOM_RECHECK = Duration.ofMillis(100);
  private static final Logger log = LoggerFactory.getLogger(OutputSender.class);

  private final WorkerProtocolClient client;
  private final LeaseRef lease;
  private final Reachability reachability;
  private final Runnable onLeaseLost;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final StreamSpool stdout;
  private final StreamSpool stderr;
  private long oldestUnsentAt;
  private boolean closing;
  private boolean sending;
  private boolean lost;
  private boolean capped;
  private Thread flusher;

  OutputSender(WorkerProtocolClient client, LeaseRef lease, OutputSpool spool, Reachability reachability,
      Runnable onLeaseLost) {
    this.client = client;
    this.lease = lease;
    this.reachability = reachability;
    this.onLeaseLost = onLeaseLost;
    this.stdout = spool.stream(lease, OutputChannel.STDOUT);
    this.stderr = spool.stream(lease, OutputChannel.STDERR);
  }

  @Override
  public void write(OutputChannel stream, byte[] data, int offset, int length) {
    lock.lock();
    try {
      if (closing || lost || capped) {
        return;
      }
      boolean wasEmpty = buffered() == 0;
      StreamSpool target = stream == OutputChannel.STDOUT ? stdout : stderr;
      while (!target.append(data, offset, length)) {
        startFlusher();
        changed.awaitNanos(ROOM_RECHECK.toNanos());
        if (closing || lost) {
          return;
        }
      }
      if (wasEmpty) {
        oldestUnsentAt = System.nanoTime();
      }
      startFlusher();
      changed.signalAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void startFlusher() {
    if (flusher == null) {
      flusher = Thread.ofVirtual().name("relayq-" + lease.jobId() + "-output").start(this::flushLoop);
    }
  }

  private long buffered() {
    return stdout.size() + stderr.size();
  }

  private void flushLoop() {
    lock.lock();
    try {
      while (!closing && !lost && !capped) {
        long waiting = buffered();
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
    StreamSpool buffer = stdout.size() > 0 ? stdout : stderr;
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
        if (e.status() == 413 && "output_limit".equals(e.code())) {
          outputCapped(e);
          return false;
        }
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

  private void outputCapped(ApiErrorException e) {
    log.info("job {} attempt {}: {}; its further output is not sent", lease.jobId(), lease.attempt(), e.getMessage());
    lock.lock();
    try {
      capped = true;
      stdout.clear();
      stderr.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void leaseLost(RelayqException e) {
    log.warn("job {} attempt {}: output refused because this worker no longer holds the lease ({});"
        + " killing its process group", lease.jobId(), lease.attempt(), e.getMessage());
    dropAll();
    onLeaseLost.run();
  }

  /**
   * Ends sending once the process is over: waits for a send in flight, then hands over what is
   * left without sending anything (see {@link StreamSpool#handOver()}). A send that gets no answer
   * within {@link #SEND_WAIT_ON_FINISH} (the coordinator is down, and the send would retry until it
   * is back) is aborted; its chunk is handed over too, and sending it again later is harmless.
   *
   * @return what is left, or null when the lease was lost meanwhile
   * @throws InterruptedException when the attempt is abandoned meanwhile
   */
  SpooledOutput finish() throws InterruptedException {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
      long left = SEND_WAIT_ON_FINISH.toNanos();
      while (sending) {
        if (left > 0) {
          left = changed.awaitNanos(left);
        } else {
          flusher.interrupt();
          changed.await();
        }
      }
      if (lost) {
        return null;
      }
      if (capped) {
        return new SpooledOutput(List.of(), List.of());
      }
      List<OutputChunk> tail = new ArrayList<>(2);
      List<StreamSegments> disk = new ArrayList<>(2);
      for (StreamSpool s : List.of(stdout, stderr)) {
        StreamSpool.Handover h = s.handOver();
        if (h.disk().size() > 0) {
          disk.add(h.disk());
        }
        if (h.tail() != null) {
          tail.add(h.tail());
        }
      }
      return new SpooledOutput(tail, disk);
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
