package io.relayq.cli.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends systemd's {@code WATCHDOG=1} keep-alive at a fixed interval, but only while the health
 * check passes. That is the point of it: a process whose work loop hangs stops being kept alive
 * and systemd restarts it, where a timer that pinged unconditionally would keep a zombie running.
 * While the check fails it sends {@code STATUS=} with the reason instead, every tick, so
 * {@code systemctl status} shows why a restart is coming.
 *
 * <p>Runs on a platform thread of its own: if virtual threads starve, the judgement still runs.
 */
public final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final SystemdNotifier notifier;
  private final HealthCheck check;
  private final Duration interval;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private boolean failing;

  private Watchdog(SystemdNotifier notifier, HealthCheck check, Duration interval) {
    this.notifier = notifier;
    this.check = check;
    this.interval = interval;
    this.thread = Thread.ofPlatform().daemon().name("relayq-watchdog").unstarted(this::run);
  }

  /**
   * Starts sending keep-alives every {@code notifier.watchdogInterval()}; returns a watchdog that
   * does nothing when systemd asked for none.
   */
  public static Watchdog start(SystemdNotifier notifier, HealthCheck check) {
    Objects.requireNonNull(check, "check");
    Watchdog w = new Watchdog(notifier, check, notifier.watchdogInterval().orElse(null));
    if (w.interval != null) {
      w.thread.start();
    }
    return w;
  }

  private void run() {
    try {
      do {
        tick();
      } while (!closed.await(interval.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    Verdict v = check.check();
    if (v.healthy()) {
      if (failing) {
        failing = false;
        log.info("healthy again ({}): sending the systemd watchdog keep-alive again", v.status());
        notifier.status(v.status());
      }
      notifier.watchdog();
      return;
    }
    if (!failing) {
      failing = true;
      log.error("{}; no longer sending the systemd watchdog keep-alive, so systemd restarts this service"
          + " unless it recovers", v.reason());
    }
    notifier.status(v.status() + ": " + v.reason());
  }

  /** Stops sending; waits for a tick in progress. */
  @Override
  public void close() {
    closed.countDown();
    if (thread.isAlive()) {
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
