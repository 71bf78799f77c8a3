package io.relayq.coordinator;

import io.relayq.core.WorkerRecord;
import io.relayq.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each worker going online, draining and offline once, at INFO (the first thing to read when
 * "the worker runs but never dequeues"), and publishes the same as live {@code worker} events.
 * {@link #refresh()} runs in the background to notice workers that went silent, and ones that said
 * hello to another coordinator.
 */
final class WorkerPresence {
  private static final Logger log = LoggerFactory.getLogger(WorkerPresence.class);

  private final JobStore store;
  private final InstantSource clock;
  private final Duration offlineAfter;
  private final WorkerEvents events;
  private final Map<String, WorkerRecord> online = new HashMap<>();

  WorkerPresence(JobStore store, InstantSource clock, Duration offlineAfter, WorkerEvents events) {
    this.store = store;
    this.clock = clock;
    this.offlineAfter = offlineAfter;
    this.events = events;
  }

  synchronized void cameOnline(WorkerRecord w) {
    online.put(w.name(), w);
    log.info("worker {} online (host {}, {} slots, labels {}, version {})", w.name(), w.host(), w.slots(),
        w.labels(), w.version());
    publish(w, "online", "it said hello (host " + w.host() + ", version " + w.version() + ")");
  }

  synchronized void draining(String name) {
    WorkerRecord w = online.get(name);
    events.publish(new WorkerEvent(name, "draining", clock.instant(), w == null ? List.of() : w.labels(),
        w == null ? 0 : w.slots(), "it finishes its jobs and takes no new ones"));
  }

  synchronized void wentOffline(String name, String why) {
    WorkerRecord w = online.remove(name);
    log.info("worker {} offline: {}", name, why);
    events.publish(new WorkerEvent(name, "offline", clock.instant(), w == null ? List.of() : w.labels(),
        w == null ? 0 : w.slots(), why));
  }

  /** Compares the store's workers with the last known set and logs the differences. */
  synchronized void refresh() {
    Instant now = clock.instant();
    Map<String, WorkerRecord> nowOnline = new HashMap<>();
    for (WorkerRecord w : store.listWorkers()) {
      if (w.isOnline(now, offlineAfter)) {
        nowOnline.put(w.name(), w);
        if (!online.containsKey(w.name())) {
          log.info("worker {} online (host {}, {} slots, labels {})", w.name(), w.host(), w.slots(), w.labels());
          publish(w, "online", "it polls again");
        }
      } else if (online.containsKey(w.name())) {
        Instant seen = w.lastSeen();
        String why = "not heard from for "
            + (seen == null ? "a while" : WaitingReason.roughly(Duration.between(seen, now)));
        log.info("worker {} offline: {}", w.name(), why);
        publish(w, "offline", why);
      }
    }
    online.clear();
    online.putAll(nowOnline);
  }

  private void publish(WorkerRecord w, String status, String detail) {
    events.publish(new WorkerEvent(w.name(), status, clock.instant(), w.labels(), w.slots(), detail));
  }
}
