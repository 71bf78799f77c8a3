package io.relayq.store;

import io.relayq.core.Job;

/** @param job the job after the call (null when not found) */
public record FinishResult(Fenced outcome, Job job) {}
