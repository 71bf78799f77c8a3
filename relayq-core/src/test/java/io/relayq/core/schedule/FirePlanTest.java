package io.relayq.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FirePlanTest {
  private static final CronExpression NIGHTLY = CronExpression.parse("0 3 * * *");
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final Instant TICK = Instant.parse("2026-11-26T03:00:00Z");
  private static final Instant NEXT_TICK = Instant.parse("2026-11-27T03:00:00Z");

  @Test
  void aTickFiredOnTimeRunsAndTheNextTickFollows() {
    for (CatchUp policy : CatchUp.values()) {
      FirePlan plan = FirePlan.of(NIGHTLY, UTC, policy, TICK, TICK.plusMillis(3));

      assertThat(plan).isEqualTo(new FirePlan(TICK, NEXT_TICK));
    }
  }

  @Test
  void skipRunsATickFiredWithinTheGraceButNotOneFiredLater() {
    assertThat(FirePlan.of(NIGHTLY, UTC, CatchUp.SKIP, TICK, TICK.plus(FirePlan.GRACE)).tick()).isEqualTo(TICK);

    FirePlan late = FirePlan.of(NIGHTLY, UTC, CatchUp.SKIP, TICK, TICK.plus(FirePlan.GRACE).plusSeconds(1));

    assertThat(late).isEqualTo(new FirePlan(null, NEXT_TICK));
  }

  @Test
  void skipAfterDaysOfDowntimeRunsNothingAndGoesOnFromNow() {
    Instant now = TICK.plus(java.time.Duration.ofDays(3)).plusSeconds(3600);

    assertThat(FirePlan.of(NIGHTLY, UTC, CatchUp.SKIP, TICK, now))
        .isEqualTo(new FirePlan(null, Instant.parse("2026-11-30T03:00:00Z")));
  }

  @Test
  void skipRunsTheLatestMissedTickWhenItIsStillWithinTheGrace() {
    CronExpression everyMinute = CronExpression.parse("* * * * *");
    Instant due = Instant.parse("2026-11-26T03:00:00Z");
    Instant now = Instant.parse("2026-11-26T03:10:20Z");

    assertThat(FirePlan.of(everyMinute, UTC, CatchUp.SKIP, due, now))
        .isEqualTo(new FirePlan(Instant.parse("2026-11-26T03:10:00Z"), Instant.parse("2026-11-26T03:11:00Z")));
  }

  @Test
  void onceAfterDaysOfDowntimeRunsOneJobForTheFirstMissedTick() {
    Instant now = TICK.plus(java.time.Duration.ofDays(3)).plusSeconds(3600);

    assertThat(FirePlan.of(NIGHTLY, UTC, CatchUp.ONCE, TICK, now))
        .isEqualTo(new FirePlan(TICK, Instant.parse("2026-11-30T03:00:00Z")));
  }

  @Test
  void jobKeysDifferPerScheduleAndTick() {
    assertThat(FirePlan.jobKey("s1", TICK)).isEqualTo("schedule:s1:" + TICK.toEpochMilli())
        .isNotEqualTo(FirePlan.jobKey("s2", TICK)).isNotEqualTo(FirePlan.jobKey("s1", NEXT_TICK));
  }
}
