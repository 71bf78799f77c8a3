package io.relayq.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the {@value PostgresSql#JOBS_CHANNEL} channel on a connection of its own and runs the
 * registered callbacks when any coordinator commits a submit, so idle workers are woken across
 * coordinators without polling. A wake-up is a hint: a lost one (connection dropped and re-made)
 * only delays a job until the next poll.
 */
final class JobWakeups implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWakeups.class);
  private static final int WAIT_MS = 500;
  private static final long MAX_RECONNECT_DELAY_MS = 5_000;

  private final PostgresUrl url;
  private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
  private final CountDownLatch listening = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;

  JobWakeups(PostgresUrl url) {
    this.url = url;
    this.thread = Thread.ofPlatform().daemon().name("relayq-postgres-listen").unstarted(this::loop);
  }

  /** Starts listening; returns once LISTEN is active or {@code timeoutMs} has passed. */
  boolean start(long timeoutMs) throws InterruptedException {
    thread.start();
    return listening.await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  void add(Runnable callback) {
    callbacks.add(callback);
  }

  private void loop() {
    long delay = 100;
    while (running) {
      try (Connection c = connect()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute(PostgresSql.LISTEN_JOBS);
        }
        listening.countDown();
        delay = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] got = pg.getNotifications(WAIT_MS);
          if (got != null && got.length > 0) {
            callbacks.forEach(JobWakeups::runSafely);
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        LOG.warn("lost the wake-up connection to {} ({}); reconnecting in {} ms; until then jobs start on"
            + " the next poll", PostgresUrl.redact(url.jdbcUrl()), e.getMessage(), delay);
        // a failed reconnect should not spin; the delay doubles up to its cap
        try {
          Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
          return;
        }
        delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    props.setProperty("ApplicationName", "relayq-wakeups");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  private static void runSafely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.warn("a job-submitted callback failed", e);
    }
  }

  @Override
  public void close() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing to unblock the listener; nothing to report
      }
    }
    try {
      thread.join(2 * WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
