package io.relayq.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What to do with a schedule whose stored next fire time has come: which tick to run a job for
 * (none when its catch-up policy skips the missed ones) and the next fire time to store.
 *
 * @param tick the tick the job is for, or null to run nothing
 * @param next the first tick after now
 */
public record FirePlan(Instant tick, Instant next) {
  /** How late a coordinator may fire a tick before it counts as missed. */
  public static final Duration GRACE = Duration.ofMinutes(1);

  /** The plan for a schedule due at {@code due} (its stored next fire time, not after {@code now}). */
  public static FirePlan of(CronExpression cron, ZoneId zone, CatchUp catchUp, Instant due, Instant now) {
    Instant next = cron.next(now, zone);
    if (catchUp == CatchUp.ONCE) {
      return new FirePlan(due, next);
    }
    Instant windowStart = due.isAfter(now.minus(GRACE)) ? due : now.minus(GRACE);
    Instant latest = cron.nextOrSame(windowStart, zone);
    return new FirePlan(latest.isAfter(now) ? null : latest, next);
  }

  /** The idempotency key of the job a schedule fires for a tick: one job per schedule and tick. */
  public static String jobKey(String scheduleId, Instant tick) {
    return "schedule:" + scheduleId + ":" + tick.toEpochMilli();
  }
}
