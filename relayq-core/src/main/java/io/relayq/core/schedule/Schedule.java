package io.relayq.core.schedule;

import io.relayq.core.JobSpec;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A recurring job: a cron expression in a time zone, and the job it submits at each tick.
 *
 * @param id a random id, fixed for the schedule's life; fired jobs' idempotency keys derive from it,
 *     so a schedule deleted and created again under the same name never collides with old jobs
 * @param name the name users know it by, unique
 * @param cron the cron expression, as given
 * @param timezone the zone id its ticks are wall-clock times in
 * @param job what each tick submits
 * @param paused when true no tick fires
 * @param nextFireAt the next tick to fire; the coordinators advance it with a compare-and-set in the
 *     same transaction that creates the tick's job, so each tick fires once
 * @param lastFiredAt when a job was last submitted for it, or null
 * @param lastJobId the last job it submitted, or null
 */
public record Schedule(String id, String name, String cron, String timezone, CatchUp catchUp, JobSpec job,
    boolean paused, Instant nextFireAt, Instant createdAt, Instant lastFiredAt, String lastJobId) {

  public CronExpression expression() {
    return CronExpression.parse(cron);
  }

  public ZoneId zone() {
    return ZoneId.of(timezone);
  }

  /** What to do now that the stored next fire time has come. */
  public FirePlan plan(Instant now) {
    return FirePlan.of(expression(), zone(), catchUp, nextFireAt, now);
  }
}
