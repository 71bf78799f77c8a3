package io.relayq.core.api;

import io.relayq.core.JobSpec;
import java.time.Instant;

/** A job handed to a worker: run {@code spec} as attempt {@code attempt}, renew before expiry. */
public record LeaseGrant(String jobId, int attempt, JobSpec spec, Instant leaseExpiresAt) {
  public LeaseRef ref() {
    return new LeaseRef(jobId, attempt);
  }
}
