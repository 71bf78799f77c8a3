package io.relayq.coordinator;

import io.relayq.core.WorkerRecord;
import io.relayq.store.JobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What this coordinator remembers about workers between their calls: each one's current incarnation,
 * labels, slots and draining flag, so a poll needs no extra read, and when the worker's "last seen" was
 * last written, so polls (many per second while jobs flow) write it at most once a second.
 *
 * <p>The store stays the truth: a poll from an incarnation this cache does not know goes to the
 * store, which is how a worker that said hello to another coordinator is found. Since this cache may
 * lag behind a hello or goodbye made through another coordinator, it only spares work: the store
 * checks the incarnation (and draining) again inside every claim, so a replaced process never leases,
 * whichever coordinator holds its poll. The lapse note ({@link #lapsed}) is this coordinator's own: a
 * lease expired by another coordinator's reaper does not end a poll held here early.
 */
final class WorkerDirectory {
  private static final long TOUCH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A worker incarnation as last confirmed by the store. */
  record Known(String incarnation, List<String> labels, int slots, boolean draining, String tokenName,
      long touchedAtNanos) {
    Known touchedAt(long nanos) {
      return new Known(incarnation, labels, slots, draining, tokenName, nanos);
    }

    Known asDraining() {
      return new Known(incarnation, labels, slots, true, tokenName, touchedAtNanos);
    }
  }

  /** The token that registered a known worker; {@code tokenName} is null when an admin token did. */
  record Owner(String tokenName) {}

  private final JobStore store;
  private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
  /** When each worker last lost a lease by not renewing it (System.nanoTime). */
  private final ConcurrentHashMap<String, Long> lapsedAtNanos = new ConcurrentHashMap<>();
  /** When each worker last reported a load that pauses it (System.nanoTime). */
  private final ConcurrentHashMap<String, Long> pausedAtNanos = new ConcurrentHashMap<>();

  WorkerDirectory(JobStore store) {
    this.store = store;
  }

  /** A worker (re)registered through this coordinator; its first poll will be written. */
  void registered(WorkerRecord w) {
    known.put(w.name(), known(w, System.nanoTime() - TOUCH_EVERY_NANOS));
  }

  /** A worker said goodbye: draining (keeps its entry, takes no work) or gone. */
  void markedDraining(String name, String incarnation) {
    known.computeIfPresent(name, (n, k) -> k.incarnation().equals(incarnation) ? k.asDraining() : k);
  }

  void forget(String name) {
    known.remove(name);
  }

  /**
   * A lease of this worker expired unrenewed: it crashed or is cut off. A poll it opened before
   * that moment is most likely held by a dead connection, so it must claim nothing more; a poll or
   * heartbeat it sends afterwards proves it alive again.
   */
  void lapsed(String name) {
    lapsedAtNanos.put(name, System.nanoTime());
  }

  /**
   * A worker reported a load above its limits. It asks for no jobs from now on; a poll for jobs it
   * opened before must not lease any either. The worker alone decides when it resumes: its next
   * poll asks for jobs again. Returns true when this is news (it was not paused before).
   */
  boolean pausedByLoad(String name) {
    return pausedAtNanos.putIfAbsent(name, System.nanoTime()) == null;
  }

  /** A worker reported a load under its limits. */
  void notPausedByLoad(String name) {
    pausedAtNanos.remove(name);
  }

  /** What a poll opened at {@code openedAtNanos} may still do for this incarnation. */
  PollRight pollRight(String name, String incarnation, long openedAtNanos) {
    Known k = known.get(name);
    if (k == null || !k.incarnation().equals(incarnation)) {
      return PollRight.SUPERSEDED;
    }
    Long lapsed = lapsedAtNanos.get(name);
    if (lapsed != null && lapsed - openedAtNanos > 0) {
      return PollRight.LAPSED;
    }
    Long paused = pausedAtNanos.get(name);
    if (paused != null && paused - openedAtNanos > 0) {
      return PollRight.PAUSED;
    }
    return k.draining() ? PollRight.DRAINING : PollRight.CLAIM;
  }

  /** See {@link #pollRight}. */
  enum PollRight {
    /** The worker may be given jobs. */
    CLAIM,
    /** The worker is draining: cancels only. */
    DRAINING,
    /** The worker lost a lease after this poll was opened: answer empty at once. */
    LAPSED,
    /** The worker went above its load limits after this poll was opened: answer empty at once. */
    PAUSED,
    /** Another incarnation said hello since: this poll's process is gone or must stop. */
    SUPERSEDED
  }

  /**
   * Notes a poll from {@code name}/{@code incarnation} and returns what the worker may run.
   *
   * @throws ApiException 404 when the worker is unknown (it should say hello again), 409 superseded
   *     when a newer incarnation replaced this one
   */
  Known touchForPoll(String name, String incarnation, Instant now) {
    long t = System.nanoTime();
    lapsedAtNanos.remove(name);
    Known k = known.get(name);
    if (k != null && k.incarnation().equals(incarnation) && t - k.touchedAtNanos() < TOUCH_EVERY_NANOS) {
      return k;
    }
    if (!store.touchWorker(name, incarnation, true, false, now)) {
      known.remove(name);
      throw rejected(name, incarnation);
    }
    if (k == null || !k.incarnation().equals(incarnation)) {
      WorkerRecord w = find(name).filter(r -> r.incarnation().equals(incarnation))
          .orElseThrow(() -> rejected(name, incarnation));
      k = known(w, t);
    } else {
      k = k.touchedAt(t);
    }
    known.put(name, k);
    return k;
  }

  /** Notes a heartbeat; throws like {@link #touchForPoll}. Never throttled: it proves liveness. */
  void touchForHeartbeat(String name, String incarnation, Instant now) {
    if (!store.touchWorker(name, incarnation, false, true, now)) {
      known.remove(name);
      throw rejected(name, incarnation);
    }
    lapsedAtNanos.remove(name);
  }

  /** Throws 404 or 409 superseded unless {@code incarnation} is the worker's current one. */
  void requireCurrent(String name, String incarnation) {
    WorkerRecord w = find(name).orElseThrow(() -> rejected(name, incarnation));
    if (!w.incarnation().equals(incarnation)) {
      throw rejected(name, incarnation);
    }
  }

  private static Known known(WorkerRecord w, long touchedAtNanos) {
    return new Known(w.incarnation(), w.labels(), w.slots(), w.draining(), w.tokenName(), touchedAtNanos);
  }

  /**
   * Who registered the worker; empty when it is not known at all. An owner remembered here that is
   * not {@code expected} is read again from the store before it is believed: a hello through another
   * coordinator may have changed it.
   */
  Optional<Owner> owner(String name, String expected) {
    Known k = known.get(name);
    if (k != null && expected.equals(k.tokenName())) {
      return Optional.of(new Owner(k.tokenName()));
    }
    return find(name).map(w -> new Owner(w.tokenName()));
  }

  private Optional<WorkerRecord> find(String name) {
    return store.listWorkers().stream().filter(w -> w.name().equals(name)).findFirst();
  }

  private ApiException rejected(String name, String incarnation) {
    Optional<WorkerRecord> current = find(name);
    if (current.isEmpty() || current.get().incarnation().equals(incarnation)) {
      return ApiException.notFound("worker " + name + " is not registered (or said goodbye); say hello first"
          + " (POST /api/v1/workers/" + name + "/hello)");
    }
    return ApiException.conflict("superseded", "worker " + name + " incarnation " + incarnation
        + " was replaced by a newer start (incarnation " + current.get().incarnation()
        + "); this process should stop");
  }
}
