package io.relayq.core.api;

/**
 * A worker asking for work. The coordinator answers at once when it has jobs (or cancels) for the
 * worker, else holds the request up to {@code waitMs} and answers as soon as a job arrives.
 *
 * @param free how many jobs the worker can start now (0: only cancels are wanted)
 * @param waitMs how long the coordinator may hold the request
 */
public record PollRequest(String incarnation, int free, long waitMs) {}
