package io.relayq.coordinator;

import io.relayq.core.WorkerRecord;
import io.relayq.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each worker going online and offline once, at INFO: the first thing to read when "the worker
 * runs but never dequeues". {@link #refresh()} runs in the background to notice workers that went
 * silent, and ones that said hello to another coordinator.
 */
final class WorkerPresence {
  private static final Logger log = LoggerFactory.getLogger(WorkerPresence.class);

  private final JobStore store;
  private final InstantSource clock;
  private final Duration offlineAfter;
  private final Set<String> online = new HashSet<>();

  WorkerPresence(JobStore store, InstantSource clock, Duration offlineAfter) {
    this.store = store;
    this.clock = clock;
    this.offlineAfter = offlineAfter;
  }

  synchronized void cameOnline(WorkerRecord w) {
    online.add(w.name());
    log.info("worker {} online (host {}, {} slots, labels {}, version {})", w.name(), w.host(), w.slots(),
        w.labels(), w.version());
  }

  synchronized void wentOffline(String name, String why) {
    online.remove(name);
    log.info("worker {} offline: {}", name, why);
  }

  /** Compares the store's workers with the last known set and logs the differences. */
  synchronized void refresh() {
    Instant now = clock.instant();
    Set<String> nowOnline = new HashSet<>();
    for (WorkerRecord w : store.listWorkers()) {
      if (w.isOnline(now, offlineAfter)) {
        nowOnline.add(w.name());
        if (!online.contains(w.name())) {
          log.info("worker {} online (host {}, {} slots, labels {})", w.name(), w.host(), w.slots(), w.labels());
        }
      } else if (online.contains(w.name())) {
        Instant seen = w.lastSeen();
        log.info("worker {} offline: not heard from for {}", w.name(),
            seen == null ? "a while" : WaitingReason.roughly(Duration.between(seen, now)));
      }
    }
    online.clear();
    online.addAll(nowOnline);
  }
}
