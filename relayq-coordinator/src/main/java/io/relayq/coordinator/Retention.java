package io.relayq.coordinator;

import io.relayq.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes jobs that finished longer ago than the retention, with their output, history and files, on a
 * background loop. Deletes in small batches, each its own short transaction, so a submit or claim
 * waits at most one batch; yields between batches so a large backlog (the first run after an
 * upgrade, or a lowered retention) never holds the store for long. Several coordinators may prune
 * at once: the store deletes each job once.
 *
 * <p>Jobs that waited for a pruned job are not affected: they were released or failed when it
 * finished. A submit naming a pruned job as a dependency is refused as unknown.
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  static final int BATCH = 200;
  /** A pass stops after this many batches and the loop comes back later, so it never runs for long. */
  static final int MAX_BATCHES_PER_PASS = 500;
  private static final Duration LONGEST_INTERVAL = Duration.ofMinutes(1);
  private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

  private final JobStore store;
  private final InstantSource clock;
  private final Duration retention;
  private final FileSweep files;

  Retention(JobStore store, InstantSource clock, Duration retention, FileSweep files) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.files = files;
  }

  /** False when the retention is zero: finished jobs are kept for ever. */
  boolean enabled() {
    return !retention.isZero();
  }

  /** How often a pass runs: a tenth of the retention, between a second and a minute. */
  Duration interval() {
    Duration tenth = retention.dividedBy(10);
    return tenth.compareTo(SHORTEST_INTERVAL) < 0 ? SHORTEST_INTERVAL
        : tenth.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : tenth;
  }

  /** Prunes what finished before now minus the retention; returns how many jobs went. */
  int runOnce() {
    int total = 0;
    for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      int pruned = store.pruneFinished(clock.instant().minus(retention), BATCH);
      total += pruned;
      if (pruned < BATCH) {
        break;
      }
      // let writes queued behind this batch go first
      Thread.yield();
    }
    if (total > 0) {
      log.info("retention: pruned {} jobs that finished more than {} ago, with their output and history", total,
          io.relayq.core.Durations.format(retention));
    }
    // the files of the jobs just pruned, and any left by earlier passes
    files.runOnce();
    return total;
  }
}
