package io.relayq.core;

import java.time.Instant;

/**
 * One run of a job on one worker. Attempt numbers are the fencing tokens of leases.
 *
 * @param endedAt null while the attempt runs
 * @param reason null while the attempt runs
 * @param exitCode set when the process exited by itself
 */
public record Attempt(
    String jobId,
    int number,
    String worker,
    Instant startedAt,
    Instant endedAt,
    EndReason reason,
    Integer exitCode,
    String message) {}
