package io.relayq.worker;

import io.relayq.client.RelayqException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the coordinator answers, shared by all of an agent's loops so that an outage is logged
 * once when it starts and once when it ends, not once per retry of every loop.
 */
final class Reachability {
  private static final Logger log = LoggerFactory.getLogger(Reachability.class);

  /** The coordinator calls go to now: with several, the one that answered last. */
  private final Supplier<String> server;
  private long downSinceNanos;
  private boolean down;

  Reachability(Supplier<String> server) {
    this.server = server;
  }

  /** A call failed without an answer (or with 503); logs only the first failure of an outage. */
  synchronized void failed(RelayqException e) {
    if (!down) {
      down = true;
      downSinceNanos = System.nanoTime();
      log.warn("{}; running jobs go on, and calls are retried with backoff until the coordinator answers",
          e.getMessage());
    }
  }

  /** Notes an outage without logging it: the caller already said what it does about it. */
  synchronized void down() {
    if (!down) {
      down = true;
      downSinceNanos = System.nanoTime();
    }
  }

  /** Whether the last call that ended got no answer. */
  synchronized boolean isDown() {
    return down;
  }

  /** A call got an answer; logs the end of an outage. */
  synchronized void answered() {
    if (down) {
      down = false;
      Duration outage = Duration.ofNanos(System.nanoTime() - downSinceNanos);
      log.info("coordinator {} answers again after {} ms", server.get(), outage.toMillis());
    }
  }
}
