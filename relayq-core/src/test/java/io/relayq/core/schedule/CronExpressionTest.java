package io.relayq.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static List<Instant> ticks(String cron, ZoneId zone, String from, int n) {
    CronExpression e = CronExpression.parse(cron);
    List<Instant> out = new ArrayList<>();
    Instant t = Instant.parse(from);
    for (int i = 0; i < n; i++) {
      t = e.next(t, zone);
      out.add(t);
    }
    return out;
  }

  private static List<Instant> instants(String... s) {
    return java.util.Arrays.stream(s).map(Instant::parse).toList();
  }

  @Test
  void nightlyAtThreeFiresEveryDayAtThree() {
    assertThat(ticks("0 3 * * *", UTC, "2026-11-25T16:00:00Z", 3))
        .isEqualTo(instants("2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z", "2026-11-28T03:00:00Z"));
  }

  @Test
  void nextIsStrictlyAfterATick() {
    CronExpression e = CronExpression.parse("0 3 * * *");
    Instant tick = Instant.parse("2026-11-26T03:00:00Z");

    assertThat(e.next(tick, UTC)).isEqualTo(Instant.parse("2026-11-27T03:00:00Z"));
    assertThat(e.nextOrSame(tick, UTC)).isEqualTo(tick);
    assertThat(e.next(tick.minusMillis(1), UTC)).isEqualTo(tick);
  }

  @Test
  void stepsRangesAndListsCombine() {
    assertThat(ticks("*/20 8-9 * * *", UTC, "2026-11-25T07:59:00Z", 7)).isEqualTo(instants(
        "2026-11-25T08:00:00Z", "2026-11-25T08:20:00Z", "2026-11-25T08:40:00Z", "2026-11-25T09:00:00Z",
        "2026-11-25T09:20:00Z", "2026-11-25T09:40:00Z", "2026-11-26T08:00:00Z"));
    assertThat(ticks("5,35 10-14/2 * * *", UTC, "2026-11-25T00:00:00Z", 4)).isEqualTo(instants(
        "2026-11-25T10:05:00Z", "2026-11-25T10:35:00Z", "2026-11-25T12:05:00Z", "2026-11-25T12:35:00Z"));
    assertThat(ticks("50/5 * * * *", UTC, "2026-11-25T00:00:00Z", 3))
        .isEqualTo(instants("2026-11-25T00:50:00Z", "2026-11-25T00:55:00Z", "2026-11-25T01:50:00Z"));
  }

  @Test
  void namesOfMonthsAndDaysWorkInAnyCase() {
    // 2026-11-25 is a Wednesday
    assertThat(ticks("0 9 * * mon-FRI", UTC, "2026-11-27T10:00:00Z", 2))
        .isEqualTo(instants("2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z"));
    assertThat(ticks("0 0 1 jan,Jul *", UTC, "2026-11-25T00:00:00Z", 2))
        .isEqualTo(instants("2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z"));
  }

  @Test
  void sundayIsZeroAndSeven() {
    assertThat(ticks("0 12 * * 7", UTC, "2026-11-25T00:00:00Z", 1))
        .isEqualTo(ticks("0 12 * * 0", UTC, "2026-11-25T00:00:00Z", 1))
        .isEqualTo(instants("2026-11-29T12:00:00Z"));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEither() {
    // the 1st of the month, and every Monday
    assertThat(ticks("0 0 1 * MON", UTC, "2026-11-25T00:00:00Z", 3))
        .isEqualTo(instants("2026-11-30T00:00:00Z", "2026-12-01T00:00:00Z", "2026-12-07T00:00:00Z"));
  }

  @Test
  void theTwentyNinthOfFebruaryComesInALeapYear() {
    assertThat(ticks("0 0 29 2 *", UTC, "2026-11-25T00:00:00Z", 2))
        .isEqualTo(instants("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"));
  }

  @Test
  void macrosStandForTheirExpressions() {
    assertThat(ticks("@daily", UTC, "2026-11-25T16:00:00Z", 1)).isEqualTo(instants("2026-11-26T00:00:00Z"));
    assertThat(ticks("@hourly", UTC, "2026-11-25T16:00:00Z", 1)).isEqualTo(instants("2026-11-25T17:00:00Z"));
    assertThat(ticks("@weekly", UTC, "2026-11-25T16:00:00Z", 1)).isEqualTo(instants("2026-11-29T00:00:00Z"));
    assertThat(ticks("@monthly", UTC, "2026-11-25T16:00:00Z", 1)).isEqualTo(instants("2026-12-01T00:00:00Z"));
    assertThat(ticks("@yearly", UTC, "2026-11-25T16:00:00Z", 1)).isEqualTo(instants("2027-01-01T00:00:00Z"));
  }

  @Test
  void ticksAreWallClockTimesInTheZone() {
    // Berlin is UTC+1 in winter, UTC+2 in summer
    assertThat(ticks("0 3 * * *", BERLIN, "2026-11-25T16:00:00Z", 1)).isEqualTo(instants("2026-11-26T02:00:00Z"));
    assertThat(ticks("0 3 * * *", BERLIN, "2026-07-01T16:00:00Z", 1)).isEqualTo(instants("2026-07-02T01:00:00Z"));
  }

  @Test
  void aTickInTheHourSkippedBySpringForwardFiresOnceWhenTheJumpEnds() {
    // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST (01:00Z)
    assertThat(ticks("30 2 * * *", BERLIN, "2026-03-28T12:00:00Z", 3)).isEqualTo(instants(
        "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"));
    // every quarter hour: the four ticks of the skipped hour fire once, together, at 03:00 CEST
    assertThat(ticks("*/15 * * * *", BERLIN, "2026-03-29T00:30:00Z", 4)).isEqualTo(instants(
        "2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z", "2026-03-29T01:30:00Z"));
  }

  @Test
  void aTickInTheHourRepeatedByFallBackFiresOnlyAtItsFirstOccurrence() {
    // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z
    assertThat(ticks("30 2 * * *", BERLIN, "2026-10-24T12:00:00Z", 2))
        .isEqualTo(instants("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"));
    assertThat(ticks("0 * * * *", BERLIN, "2026-10-24T23:30:00Z", 3))
        .isEqualTo(instants("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"));
  }

  @Test
  void anExpressionThatNeverMatchesSaysSoInsteadOfLooping() {
    CronExpression never = CronExpression.parse("0 0 30 2 *");

    assertThatThrownBy(() -> never.next(Instant.parse("2026-11-25T00:00:00Z"), UTC))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no tick in the 9 years");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|the cron expression is empty",
      "0 3 * *|has 4 fields, a cron expression has 5",
      "0 3 * * * *|has 6 fields",
      "60 3 * * *|the minute field '60' has the value 60, outside 0-59",
      "0 24 * * *|the hour field '24' has the value 24, outside 0-23",
      "0 3 0 * *|the day-of-month field '0' has the value 0, outside 1-31",
      "0 3 * 13 *|the month field '13' has the value 13, outside 1-12",
      "0 3 * * 8|the day-of-week field '8' has the value 8, outside 0-7",
      "0 3 * FOO *|the month field 'FOO' has 'FOO', which is not a number or name; it takes 1-12 or JAN-DEC",
      "*/0 * * * *|the minute field '*/0' has the step 0, outside 1-60",
      "5-1 * * * *|has the range 5-1 that ends before it starts",
      "1,,2 * * * *|has an empty list entry",
      "@often|unknown cron macro '@often'",
      "x * * * *|the minute field 'x' has 'x', which is not a number;"})
  void badExpressionsAreRefusedWithAMessageNamingTheField(String expression, String message) {
    assertThatThrownBy(() -> CronExpression.parse(expression))
        .isInstanceOf(InvalidCronException.class).hasMessageContaining(message);
  }
}
