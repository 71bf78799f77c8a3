package io.relayq.store;

import io.relayq.core.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many jobs the store holds and what the queue waits for, as {@link JobStore#queueStats} saw it
 * at one moment: the figures behind {@code /metrics} and the dashboard.
 *
 * @param at the moment the figures describe (the {@code now} the caller passed)
 * @param counts jobs in each state; every state is present, zero when there is none
 * @param oldestQueuedAt when the earliest submitted job that is still queued was submitted (a job
 *     re-queued for a retry keeps its place), or null when none is queued
 * @param scheduled queued jobs whose start time (a delay, a run-at, a retry backoff) is still after
 *     {@code at}: counted as queued, but no worker may take them yet
 * @param queuedByRouting queued jobs grouped by what a worker must offer to take them, at most
 *     {@value #TOP_ROUTINGS} groups, largest first; groups of equal size come in a fixed order of the
 *     driver's choosing. The counts add up to all queued jobs only when there are no more groups.
 */
public record QueueStats(
    Instant at, Map<JobState, Long> counts, Instant oldestQueuedAt, long scheduled, Map<Routing, Long> queuedByRouting) {

  /** The most routing groups a {@link QueueStats} lists. */
  public static final int TOP_ROUTINGS = 50;

  /**
   * What a worker must offer to take a job.
   *
   * @param worker the only worker name that may take it, or null for any
   * @param labels labels the worker must all have, normalised (sorted, no repeats); empty for none
   */
  public record Routing(String worker, List<String> labels) {
    public Routing {
      labels = List.copyOf(labels);
    }

    /** Any worker may take the job. */
    public static final Routing ANY = new Routing(null, List.of());
  }

  public QueueStats {
    EnumMap<JobState, Long> all = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      all.put(state, counts.getOrDefault(state, 0L));
    }
    counts = Collections.unmodifiableMap(all);
    if (queuedByRouting.size() > TOP_ROUTINGS) {
      throw new IllegalArgumentException(queuedByRouting.size() + " routing groups given; at most "
          + TOP_ROUTINGS + " are kept");
    }
    queuedByRouting = Collections.unmodifiableMap(new LinkedHashMap<>(queuedByRouting));
  }

  /** Jobs in {@code state}. */
  public long count(JobState state) {
    return counts.get(state);
  }

  /** How long the oldest queued job has waited at {@link #at()}; zero when none is queued. */
  public Duration oldestQueuedAge() {
    return oldestQueuedAt == null || oldestQueuedAt.isAfter(at) ? Duration.ZERO : Duration.between(oldestQueuedAt, at);
  }
}
