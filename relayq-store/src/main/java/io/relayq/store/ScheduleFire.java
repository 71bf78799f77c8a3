package io.relayq.store;

import java.time.Instant;

/**
 * One firing of a due schedule: move its next fire time from {@code due} to {@code next} and, unless
 * the tick is skipped, submit {@code job}, all in one transaction.
 *
 * @param scheduleId the schedule's id
 * @param due the next fire time the caller read; the firing happens only if it is still stored
 * @param next the next fire time to store
 * @param job the tick's job (its key derived from the schedule and tick), or null to skip the tick
 */
public record ScheduleFire(String scheduleId, Instant due, Instant next, NewJob job, Instant now) {}
