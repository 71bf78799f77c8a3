package io.relayq.client;

import io.relayq.core.RecordedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@link EventSubscription} behind {@link Relayq#events}: reads {@code GET /events} on a
 * virtual thread and hands each {@code job} event to the listener; other event kinds (worker
 * presence) are skipped. Reconnects after a drop from the last seq delivered; a connection silent
 * for longer than the idle limit (the coordinator sends a keep-alive every 15 s) is taken for dead.
 */
final class EventFeed implements EventSubscription {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final HttpTransport http;
  private final Consumer<RecordedEvent> listener;
  private final Duration idleLimit;
  /** -1 until the first event when the feed started "from now on". */
  private volatile long lastSeq;
  private volatile boolean open = true;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile RuntimeException failure;
  private volatile InputStream current;
  private Thread thread;

  private EventFeed(HttpTransport http, long afterSeq, Consumer<RecordedEvent> listener, Duration idleLimit) {
    this.http = http;
    this.lastSeq = afterSeq;
    this.listener = listener;
    this.idleLimit = idleLimit;
  }

  /**
   * Opens the stream (so an unreachable coordinator or a refused call throws here) and starts
   * delivering on a background thread.
   *
   * @param afterSeq deliver events after this seq; -1 for only those from now on
   */
  static EventFeed start(HttpTransport http, long afterSeq, Consumer<RecordedEvent> listener, Duration idleLimit) {
    EventFeed feed = new EventFeed(http, afterSeq, listener, idleLimit);
    InputStream first = feed.open();
    feed.current = first;
    feed.thread = Thread.ofVirtual().name("relayq-events").start(() -> feed.run(first));
    return feed;
  }

  private InputStream open() {
    long seq = lastSeq;
    var uri = http.api("/events?" + (seq < 0 ? "live=true" : "after=" + seq));
    return http.openStream(HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream"),
        HttpTransport.REQUEST_TIMEOUT);
  }

  private void run(InputStream first) {
    Backoff backoff = Backoff.standard();
    InputStream in = first;
    while (open) {
      if (in != null) {
        current = in;
        try {
          consume(in, backoff);
        } catch (IOException e) {
          // the connection dropped or went silent: open another below
        }
        if (!open) {
          return;
        }
      }
      try {
        if (closed.await(backoff.next().toNanos(), TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      in = reopen();
    }
  }

  /** A new connection, or null to try again later; a refusal (4xx) ends the feed. */
  private InputStream reopen() {
    try {
      return open();
    } catch (UnreachableException | ServerUnavailableException e) {
      return null;
    } catch (RuntimeException e) {
      if (open) {
        failure = e;
        open = false;
        closed.countDown();
      }
      return null;
    }
  }

  private void consume(InputStream in, Backoff backoff) throws IOException {
    AtomicLong lastLineAt = new AtomicLong(System.nanoTime());
    Thread watchdog = Thread.ofVirtual().name("relayq-events-watchdog").start(() -> closeWhenIdle(in, lastLineAt));
    try (in) {
      SseReader reader = new SseReader(in);
      SseEvent event;
      while (open && (event = reader.next(() -> lastLineAt.set(System.nanoTime()))) != null) {
        backoff.reset();
        if (event.event().equals("job")) {
          deliver(event);
        }
      }
    } finally {
      watchdog.interrupt();
    }
  }

  /** Hands one event to the listener; an unreadable event or a throwing listener ends the feed. */
  private void deliver(SseEvent sse) {
    try {
      RecordedEvent event = http.read(sse.data(), RecordedEvent.class);
      if (event.seq() <= lastSeq) {
        return;
      }
      listener.accept(event);
      lastSeq = event.seq();
    } catch (RuntimeException e) {
      failure = e;
      open = false;
      closed.countDown();
    }
  }

  private void closeWhenIdle(InputStream in, AtomicLong lastLineAt) {
    try {
      while (true) {
        long idle = System.nanoTime() - lastLineAt.get();
        if (idle >= idleLimit.toNanos()) {
          in.close();
          return;
        }
        Thread.sleep(Duration.ofNanos(idleLimit.toNanos() - idle));
      }
    } catch (InterruptedException | IOException e) {
      // the connection ended first, or is already closed: nothing left to watch
    }
  }

  @Override
  public long lastSeq() {
    return Math.max(0, lastSeq);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() {
    open = false;
    closed.countDown();
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing is all that was wanted
      }
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(CLOSE_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
