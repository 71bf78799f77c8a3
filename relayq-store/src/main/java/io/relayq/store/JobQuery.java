package io.relayq.store;

import java.util.ArrayList;
import java.util.List;

import io.relayq.core.JobState;

/**
 * A filter for listing jobs, newest first.
 *
 * @param state only jobs in this state, or null for all
 * @param worker only jobs last held by this worker, or null
 * @param label only jobs requiring this label, or null
 * @param limit page size, 1..1000
 * @param cursor the {@code nextCursor} of the previous page, or null for the first
 * @param submittedBy only jobs submitted with the token of this name, or null
 */
public record JobQuery(JobState state, String worker, String label, int limit, String cursor, String submittedBy) {
  public static final int MAX_LIMIT = 1000;

  /** A query of every submitter's jobs. */
  public JobQuery(JobState state, String worker, String label, int limit, String cursor) {
    this(state, worker, label, limit, cursor, null);
  }

  /** The same query, limited to the jobs of one submitter. */
  public JobQuery submittedBy(String tokenName) {
    return new JobQuery(state, worker, label, limit, cursor, tokenName);
  }

  public static JobQuery all(int limit) {
    return new JobQuery(null, null, null, limit, null);
  }

  /**
   * The parameters of a driver's listing statement, in order: the sequence number to list below
   * (from the cursor), then the state, worker, label and submitter filters that are set, then {@code limit + 1}
   * (one more row than the page tells whether another page follows).
   *
   * @throws IllegalArgumentException when the limit is out of range or the cursor is not one this
   *     store handed out
   */
  public List<Object> listingParameters() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is out of range 1.." + MAX_LIMIT);
    }
    List<Object> params = new ArrayList<>();
    params.add(cursor == null ? Long.MAX_VALUE : cursorSeq(cursor));
    if (state != null) {
      params.add(state.wireName());
    }
    if (worker != null) {
      params.add(worker);
    }
    if (label != null) {
      params.add(label);
    }
    if (submittedBy != null) {
      params.add(submittedBy);
    }
    params.add(limit + 1);
    return params;
  }

  private static long cursorSeq(String cursor) {
    try {
      long seq = Long.parseLong(cursor);
      if (seq > 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException(
        "invalid cursor '" + cursor + "': pass the nextCursor of the previous page unchanged");
  }
}
