package io.relayq.core.api;

import io.relayq.core.JobSubmission;

/**
 * A schedule as a client creates it ({@code POST /api/v1/schedules}).
 *
 * @param name 1-64 letters, digits, {@code .}, {@code _} or {@code -}; unique
 * @param cron five fields (minute hour day-of-month month day-of-week) or a macro like {@code @daily}
 * @param timezone an IANA zone id the ticks are wall-clock times in; null for UTC
 * @param catchUp {@code skip} (default) or {@code once}: what to do about ticks missed while no
 *     coordinator ran
 * @param job the job each tick submits; every field of a submission but {@code runAt}, {@code delay}
 *     and {@code key}
 */
public record ScheduleRequest(String name, String cron, String timezone, String catchUp, JobSubmission job) {}
