package io.relayq.store;

import io.relayq.core.JobSpec;
import java.time.Instant;

/**
 * A validated job to insert.
 *
 * @param id a fresh id from {@link io.relayq.core.JobIds}
 * @param key idempotency key or null
 * @param submittedBy who submitted it (token name), or null
 */
public record NewJob(String id, JobSpec spec, String key, String submittedBy, Instant now) {}
