package io.relayq.coordinator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named background loop that runs a task, then waits {@code interval}, until closed. A failing
 * run is logged and the loop goes on, so a store hiccup does not stop lease expiry for good.
 */
final class Periodic implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Periodic.class);

  private final String name;
  private final Duration interval;
  private final Runnable task;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  Periodic(String name, Duration interval, Runnable task) {
    this.name = name;
    this.interval = interval;
    this.task = task;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
  }

  Periodic start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      do {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("{} failed, retrying in {} ms: {}", name, interval.toMillis(), e.toString());
        }
      } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop.countDown();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
