package io.relayq.client;

import io.relayq.core.api.JobView;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link RelayqClient#follow} call: reads the job's event stream, and reconnects from the last
 * position seen whenever the stream breaks before its {@code end} event. A connection that is
 * silent for longer than the idle limit (not even a keep-alive) is taken for dead and replaced,
 * because a half-open TCP connection would otherwise block the read for ever. With a deadline,
 * the session gives up when it passes and {@link #run} returns null.
 */
final class FollowSession {
  /** No deadline: follow until the job ends. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private final HttpTransport http;
  private final String jobId;
  private final OutputListener listener;
  private final Duration idleLimit;
  private final long deadlineNanos;
  private long lastSeq;

  FollowSession(HttpTransport http, String jobId, OutputListener listener, Duration idleLimit) {
    this(http, jobId, listener, idleLimit, NO_DEADLINE);
  }

  /** {@code deadlineNanos} is on the {@link System#nanoTime()} scale, or {@link #NO_DEADLINE}. */
  FollowSession(HttpTransport http, String jobId, OutputListener listener, Duration idleLimit, long deadlineNanos) {
    this.http = http;
    this.jobId = jobId;
    this.listener = listener;
    this.idleLimit = idleLimit;
    this.deadlineNanos = deadlineNanos;
  }

  /** The final job, or null when the deadline passed first. */
  JobView run(long afterSeq) {
    lastSeq = afterSeq;
    Backoff backoff = Backoff.standard();
    boolean connectedOnce = false;
    while (true) {
      try {
        InputStream in = open();
        connectedOnce = true;
        JobView end = consume(in, backoff);
        if (end != null) {
          return end;
        }
      } catch (UnreachableException | ServerUnavailableException e) {
        if (!connectedOnce && !deadlinePassed()) {
          throw e;
        }
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("interrupted while following job " + jobId);
        }
      }
      if (deadlinePassed()) {
        return null;
      }
      try {
        Thread.sleep(capped(backoff.next()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while following job " + jobId);
      }
    }
  }

  private boolean deadlinePassed() {
    return deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0;
  }

  /** {@code wait}, shortened to the time left before the deadline (at least 1 ms). */
  private Duration capped(Duration wait) {
    if (deadlineNanos == NO_DEADLINE) {
      return wait;
    }
    long left = Math.max(1_000_000, deadlineNanos - System.nanoTime());
    return wait.toNanos() <= left ? wait : Duration.ofNanos(left);
  }

  private InputStream open() {
    var uri = http.api("/jobs/" + HttpTransport.encode(jobId) + "/output?follow=true&after=" + lastSeq);
    return http.openStream(HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream"),
        capped(HttpTransport.REQUEST_TIMEOUT));
  }

  /** Reads events until {@code end} (returned) or the stream ends or breaks (null or IOException). */
  private JobView consume(InputStream in, Backoff backoff) throws IOException {
    AtomicLong lastLineAt = new AtomicLong(System.nanoTime());
    Thread watchdog = Thread.ofVirtual().name("relayq-follow-watchdog-" + jobId).start(() -> closeWhenIdle(in, lastLineAt));
    try (in) {
      SseReader reader = new SseReader(in);
      SseEvent event;
      while ((event = reader.next(() -> lastLineAt.set(System.nanoTime()))) != null) {
        backoff.reset();
        JobView end = dispatch(event);
        if (end != null) {
          return end;
        }
      }
      return null;
    } finally {
      watchdog.interrupt();
    }
  }

  private JobView dispatch(SseEvent event) {
    Long seq = event.id() == null || event.id().isEmpty() ? null : Long.parseLong(event.id());
    switch (event.event()) {
      case "output" -> {
        // positions only grow; one at or below the last seen was already delivered before a reconnect
        if (seq != null && seq <= lastSeq) {
          return null;
        }
        OutputEvent out = http.read(event.data(), OutputEvent.class);
        listener.onOutput(out.attempt(), out.stream(), seq == null ? lastSeq : seq, out.data());
      }
      case "state" -> listener.onState(http.read(event.data(), JobView.class));
      case "end" -> {
        return http.read(event.data(), JobView.class);
      }
      default -> {
        // events this client does not know yet are skipped, so newer coordinators stay compatible
      }
    }
    if (seq != null) {
      lastSeq = Math.max(lastSeq, seq);
    }
    return null;
  }

  private void closeWhenIdle(InputStream in, AtomicLong lastLineAt) {
    try {
      while (true) {
        long now = System.nanoTime();
        long idle = now - lastLineAt.get();
        if (idle >= idleLimit.toNanos() || deadlinePassed()) {
          in.close();
          return;
        }
        long untilIdle = idleLimit.toNanos() - idle;
        long untilDeadline = deadlineNanos == NO_DEADLINE ? Long.MAX_VALUE : deadlineNanos - now;
        Thread.sleep(Duration.ofNanos(Math.min(untilIdle, untilDeadline)));
      }
    } catch (InterruptedException | IOException e) {
      // the follow ended first, or the stream is already closed: nothing left to watch
    }
  }
}
