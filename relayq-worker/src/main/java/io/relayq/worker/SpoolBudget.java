package io.relayq.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk space a worker's spool may fill with output not yet delivered, shared by all its
 * attempts. When it is full, jobs that write more block on their writes until the coordinator takes
 * some; finish reports are recorded regardless, since they are small and losing one would re-run a
 * job. Logs once when the spool fills and once when it has room again. Thread-safe.
 */
final class SpoolBudget {
  private static final Logger log = LoggerFactory.getLogger(SpoolBudget.class);

  private final long maxBytes;
  private final String where;
  private long used;
  private boolean full;

  SpoolBudget(long maxBytes, String where) {
    this.maxBytes = maxBytes;
    this.where = where;
  }

  /** Takes {@code n} bytes of room; false (and a log line the first time) when that would pass the limit. */
  synchronized boolean tryTake(long n) {
    if (used + n > maxBytes) {
      if (!full) {
        full = true;
        log.warn("worker spool {} is full: {} of {} bytes hold output the coordinator has not taken yet;"
            + " jobs that write more now block until it takes some (raise the limit with spoolMaxBytes, or"
            + " check why the coordinator does not answer)", where, used, maxBytes);
      }
      return false;
    }
    used += n;
    return true;
  }

  /** Gives back {@code n} bytes once they were delivered or dropped. */
  synchronized void give(long n) {
    used = Math.max(0, used - n);
    if (full && used <= maxBytes / 2) {
      full = false;
      log.info("worker spool {} has room again: {} of {} bytes used", where, used, maxBytes);
    }
  }

  synchronized long used() {
    return used;
  }
}
