package io.relayq.coordinator;

import io.relayq.core.WorkerRecord;
import io.relayq.store.JobStore;
import io.relayq.store.QueueStats;
import io.relayq.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest {@link ClusterSnapshot}: refreshed by a background loop every
 * {@link #INTERVAL}, and on demand (a scrape, the overview) when older than the caller accepts.
 * One refresh runs at a time; callers that arrive meanwhile get its result.
 *
 * <p>A refresh reads the workers and {@link JobStore#queueStats} (indexes only), works out why each
 * routing group waits, and only when some group cannot run on any online worker scans the queue to
 * name those jobs. A healthy cluster therefore costs two cheap reads per refresh.
 *
 * <p>A store failure keeps the last good numbers, marks the snapshot failed (the
 * {@code relayq_store_up} gauge drops to 0) and is logged once, not on every refresh.
 */
final class ClusterSnapshots {
  private static final Logger log = LoggerFactory.getLogger(ClusterSnapshots.class);
  /** How often the background loop refreshes: gauges and alerts are at most this stale. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final JobStore store;
  private final InstantSource clock;
  private final QueueScan scan;
  private final WaitingReason waitingReason;
  private final CoordinatorMetrics metrics;
  private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterSnapshot current;
  private volatile long refreshedAtNanos;

  ClusterSnapshots(JobStore store, InstantSource clock, QueueScan scan, WaitingReason waitingReason,
      CoordinatorMetrics metrics, Duration offlineAfter) {
    this.store = store;
    this.clock = clock;
    this.scan = scan;
    this.waitingReason = waitingReason;
    this.metrics = metrics;
    this.current = ClusterSnapshot.empty(clock.instant(), offlineAfter);
    this.refreshedAtNanos = System.nanoTime() - INTERVAL.toNanos();
  }

  /** Runs after every refresh, good or failed, on the refreshing thread. */
  void onRefresh(Consumer<ClusterSnapshot> listener) {
    listeners.add(listener);
  }

  /** The latest snapshot, however old; never null. */
  ClusterSnapshot current() {
    return current;
  }

  /** The latest snapshot, refreshed first when it is older than {@code maxAge}. */
  ClusterSnapshot fresh(Duration maxAge) {
    if (System.nanoTime() - refreshedAtNanos > maxAge.toNanos()) {
      synchronized (this) {
        if (System.nanoTime() - refreshedAtNanos > maxAge.toNanos()) {
          refresh();
        }
      }
    }
    return current;
  }

  /** Reads the store now and tells the listeners. */
  synchronized ClusterSnapshot refresh() {
    ClusterSnapshot before = current;
    ClusterSnapshot next;
    try {
      next = read(before.offlineAfter());
      if (!before.storeOk()) {
        log.info("the store answers again; cluster metrics are current");
      }
    } catch (StoreException e) {
      next = before.failed(clock.instant(), e.getMessage());
      if (before.storeOk()) {
        log.warn("cannot read the cluster state for metrics and alerts: {} (will keep trying every {}s)",
            e.getMessage(), INTERVAL.toSeconds());
      }
    }
    current = next;
    refreshedAtNanos = System.nanoTime();
    Map<String, Long> depth = new LinkedHashMap<>();
    next.routing().forEach(r -> depth.put(r.requirement(), r.jobs()));
    metrics.queueDepth(depth);
    for (Consumer<ClusterSnapshot> l : listeners) {
      l.accept(next);
    }
    return next;
  }

  private ClusterSnapshot read(Duration offlineAfter) {
    Instant now = clock.instant();
    List<WorkerRecord> workers = store.listWorkers();
    QueueStats stats = store.queueStats(now);
    List<ClusterSnapshot.Routing> routing = stats.queuedByRouting().entrySet().stream()
        .map(e -> new ClusterSnapshot.Routing(QueueScan.requirement(e.getKey().worker(), e.getKey().labels()),
            e.getValue(), waitingReason.routing(e.getKey().worker(), e.getKey().labels(), workers, now)))
        .toList();
    // Only the store's largest groups are listed: when the list is full, a blocked group may hide
    // beyond it, so look then too.
    boolean someBlocked = routing.stream().anyMatch(r -> r.waiting().kind().blocked())
        || routing.size() == QueueStats.TOP_ROUTINGS;
    QueueScan.Summary names = someBlocked ? scan.scan(workers, now, null) : QueueScan.Summary.empty();
    return new ClusterSnapshot(now, workers, stats, routing, names, offlineAfter, null);
  }
}
