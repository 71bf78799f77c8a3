package io.relayq.core.api;

/** A lease as a worker names it: the job and the attempt number that is its fencing token. */
public record LeaseRef(String jobId, int attempt) {}
