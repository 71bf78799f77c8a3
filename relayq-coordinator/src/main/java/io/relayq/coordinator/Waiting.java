package io.relayq.coordinator;

import java.util.Locale;

/**
 * Why a queued job is not running: a kind a program can test, and the same reason in plain words.
 *
 * @param kind what holds the job back
 * @param text the reason as a person reads it, with the numbers that explain it
 */
record Waiting(Kind kind, String text) {

  /** What holds a queued job back, in the order {@link WaitingReason} checks them. */
  enum Kind {
    /** Its start time (delay, retry backoff) has not come yet. */
    SCHEDULED(false),
    /** A job it runs after has not succeeded yet. */
    WAITING_FOR_DEPENDENCIES(false),
    /** It must run on a worker name that never registered. */
    NO_SUCH_WORKER(true),
    /** Its target worker is offline. */
    TARGET_OFFLINE(true),
    /** Its target worker is draining and takes no new work. */
    TARGET_DRAINING(true),
    /** Its target worker lacks some of its required labels. */
    TARGET_LACKS_LABELS(true),
    /** Its target worker is above its CPU threshold or under its memory floor: it resumes by itself. */
    TARGET_PAUSED(false),
    /** Its target worker runs as many jobs as it has slots. */
    TARGET_BUSY(false),
    /** No worker at all is online. */
    NO_WORKER_ONLINE(true),
    /** Every online worker is draining. */
    ALL_DRAINING(true),
    /** No online worker has all its required labels. */
    NO_MATCHING_WORKER(true),
    /** Its concurrency group runs as many jobs as its limit allows. */
    GROUP_FULL(false),
    /** Until its preference ends only a preferred worker may take it, and none has a free slot. */
    PREFERRED_WORKER(false),
    /** Every worker that could run it with a free slot is above its load limits; they resume by themselves. */
    ALL_PAUSED(false),
    /** Every worker that could run it has all its slots busy. */
    ALL_BUSY(false),
    /** A worker could take it now; it waits for that worker's next poll. */
    READY(false);

    private final boolean blocked;

    Kind(boolean blocked) {
      this.blocked = blocked;
    }

    /**
     * True when no online worker can ever run the job as things stand: waiting longer will not
     * help until a worker comes online, gets a label, or stops draining.
     */
    boolean blocked() {
      return blocked;
    }

    /** The lower-case name used in JSON: {@code no_matching_worker}. */
    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
