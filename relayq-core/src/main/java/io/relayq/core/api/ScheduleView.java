package io.relayq.core.api;

import java.time.Instant;

/**
 * A schedule as the API shows it.
 *
 * @param command what each tick runs, for people (the command, or the argv joined by spaces)
 * @param nextFireAt the next tick that will fire (for a paused schedule: the one it would fire)
 * @param lastFiredAt when it last submitted a job, or null
 * @param lastJobId the job it last submitted, or null
 */
public record ScheduleView(String name, String cron, String timezone, String catchUp, boolean paused,
    String command, Instant nextFireAt, Instant lastFiredAt, String lastJobId, Instant createdAt) {}
