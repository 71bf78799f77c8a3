package io.relayq.client;

import io.relayq.core.api.JobView;

/**
 * The answer to a submit.
 *
 * @param created true when this call created the job (201); false when a job with the same
 *     idempotency key and an equal spec already existed and is returned instead (200)
 */
public record Submitted(JobView job, boolean created) {}
