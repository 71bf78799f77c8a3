package io.relayq.store;

import java.time.Instant;
import java.util.List;

/**
 * A worker asking for up to {@code limit} jobs it may run.
 *
 * @param worker the worker's name; jobs targeted at another name are skipped
 * @param labels the worker's labels; a job's required labels must all be among them
 */
public record ClaimRequest(String worker, List<String> labels, int limit, Instant now) {
  public ClaimRequest {
    labels = List.copyOf(labels);
  }
}
