package io.relayq.store;

import java.time.Instant;
import java.util.List;

/**
 * A worker asking for up to {@code limit} jobs it may run.
 *
 * @param worker the worker's name; jobs targeted at another name are skipped
 * @param incarnation the start of the worker process asking; the claim leases nothing unless it is
 *     the worker's current incarnation in the store and the worker is neither draining nor stopped,
 *     so a process replaced by a newer start can never lease, through any coordinator
 * @param labels the worker's labels; a job's required labels must all be among them
 */
public record ClaimRequest(String worker, String incarnation, List<String> labels, int limit, Instant now) {
  public ClaimRequest {
    labels = List.copyOf(labels);
  }
}
