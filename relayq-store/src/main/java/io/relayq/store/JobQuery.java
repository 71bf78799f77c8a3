package io.relayq.store;

import io.relayq.core.JobState;

/**
 * A filter for listing jobs, newest first.
 *
 * @param state only jobs in this state, or null for all
 * @param worker only jobs last held by this worker, or null
 * @param label only jobs requiring this label, or null
 * @param limit page size, 1..1000
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 */
public record JobQuery(JobState state, String worker, String label, int limit, String cursor) {
  public static final int MAX_LIMIT = 1000;

  public static JobQuery all(int limit) {
    return new JobQuery(null, null, null, limit, null);
  }
}
