package io.relayq.core;

import java.time.Instant;

/**
 * One entry of a job's history. Every state change writes one, in the same transaction as the
 * change, so the history never disagrees with the job.
 *
 * @param seq increasing across the whole store; resume an event stream after it
 * @param type {@code submitted}, {@code leased}, {@code requeued}, {@code succeeded}, {@code failed},
 *     {@code cancelled} or {@code cancel_requested}
 * @param state the job's state after the event
 * @param detail a human line: exit code, reason, worker
 */
public record RecordedEvent(
    long seq, String jobId, Instant at, String type, JobState state, int attempt, String worker, String detail) {}
