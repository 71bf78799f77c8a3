package io.relayq.core.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron expression: minute, hour, day of month, month, day of week. Each field
 * takes {@code *}, numbers, ranges ({@code 1-5}), lists ({@code 1,15}), steps ({@code *}{@code /15},
 * {@code 8-18/2}, {@code 5/10}), and names for months ({@code JAN}-{@code DEC}) and days
 * ({@code SUN}-{@code SAT}; {@code 0} and {@code 7} are both Sunday). {@code @hourly},
 * {@code @daily} (or {@code @midnight}), {@code @weekly}, {@code @monthly} and {@code @yearly} (or
 * {@code @annually}) stand for their usual expressions.
 *
 * <p>As in Vixie cron, when both day fields are restricted (neither starts with {@code *}) a day
 * matches if either does ({@code 0 0 1 * MON} runs on the first and on every Monday).
 *
 * <p>Ticks are wall-clock times in a time zone. Where daylight saving time skips a local time
 * (the clock jumps from 02:00 to 03:00), ticks in the skipped hour fire once, at the moment the
 * jump ends; where it repeats an hour, a tick fires at its first occurrence only. So every tick
 * fires once, never twice, and none is lost.
 */
public final class CronExpression {
  /** Far enough to find any valid expression's next tick (29 February recurs every 4 to 8 years). */
  private static final int SEARCH_YEARS = 9;

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
      BitSet daysOfWeek, boolean anyDayOfMonth, boolean anyDayOfWeek) {
    this.text = text;
    this.minutes = minutes;
    this.hours = hours;
    this.daysOfMonth = daysOfMonth;
    this.months = months;
    this.daysOfWeek = daysOfWeek;
    this.anyDayOfMonth = anyDayOfMonth;
    this.anyDayOfWeek = anyDayOfWeek;
  }

  /**
   * Parses an expression.
   *
   * @throws InvalidCronException naming the field and what is wrong with it
   */
  public static CronExpression parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidCronException("the cron expression is empty; give five fields like '0 3 * * *'"
          + " (minute hour day-of-month month day-of-week)");
    }
    String text = expression.trim().replaceAll("\\s+", " ");
    String expanded = text.startsWith("@") ? MACROS.get(text.toLowerCase(Locale.ROOT)) : text;
    if (expanded == null) {
      throw new InvalidCronException("unknown cron macro '" + text + "'; use one of @hourly, @daily, @weekly,"
          + " @monthly, @yearly, or five fields like '0 3 * * *'");
    }
    String[] f = expanded.split(" ");
    if (f.length != 5) {
      throw new InvalidCronException("'" + text + "' has " + f.length + " field" + (f.length == 1 ? "" : "s")
          + ", a cron expression has 5: minute hour day-of-month month day-of-week, like '0 3 * * *'");
    }
    BitSet dow = field("day-of-week", f[4], 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    return new CronExpression(text, field("minute", f[0], 0, 59, null), field("hour", f[1], 0, 23, null),
        field("day-of-month", f[2], 1, 31, null), field("month", f[3], 1, 12, MONTHS), dow,
        isAny(f[2]), isAny(f[4]));
  }

  /** The expression as given (blanks collapsed). */
  public String text() {
    return text;
  }

  /**
   * The first tick strictly after {@code after}, in {@code zone}.
   *
   * @throws IllegalStateException when no tick comes within nine years (e.g. {@code 0 0 30 2 *})
   */
  public Instant next(Instant after, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    LocalDateTime t = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate end = t.toLocalDate().plusYears(SEARCH_YEARS);
    while (t.toLocalDate().isBefore(end)) {
      if (!months.get(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
      } else if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        Instant tick = resolve(t, rules);
        if (tick.isAfter(after)) {
          return tick;
        }
        t = t.plusMinutes(1);
      }
    }
    throw new IllegalStateException("the cron expression '" + text + "' has no tick in the " + SEARCH_YEARS
        + " years after " + after);
  }

  /** {@code at} itself when it is a tick, else the next one. */
  public Instant nextOrSame(Instant at, ZoneId zone) {
    return next(at.minusMillis(1), zone);
  }

  /** The instant a local tick fires: its first occurrence, or the end of a daylight-saving gap. */
  private static Instant resolve(LocalDateTime local, ZoneRules rules) {
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = rules.getTransition(local);
      return gap.getInstant();
    }
    // in an overlap the earlier offset is the larger one: the first occurrence
    ZoneOffset first = offsets.size() == 1 ? offsets.get(0)
        : offsets.get(0).compareTo(offsets.get(1)) < 0 ? offsets.get(0) : offsets.get(1);
    return local.toInstant(first);
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = daysOfMonth.get(date.getDayOfMonth());
    boolean dow = daysOfWeek.get(date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue());
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  /** Vixie cron's rule: a day field starting with {@code *} (also {@code *}{@code /2}) does not restrict. */
  private static boolean isAny(String field) {
    return field.startsWith("*") || field.equals("?");
  }

  private static BitSet field(String name, String value, int min, int max, List<String> names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : value.split(",", -1)) {
      if (part.isEmpty()) {
        throw bad(name, value, "has an empty list entry", min, max, names);
      }
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, value, part.substring(slash + 1), 1, max - min + 1, null, min, max, names, "step");
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          lo = number(name, value, range.substring(0, dash), min, max, names, min, max, names, "value");
          hi = number(name, value, range.substring(dash + 1), min, max, names, min, max, names, "value");
          if (hi < lo) {
            throw bad(name, value, "has the range " + range + " that ends before it starts", min, max, names);
          }
        } else {
          lo = number(name, value, range, min, max, names, min, max, names, "value");
          // "5/10" means every 10th from 5 to the end
          hi = slash >= 0 ? max : lo;
        }
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String name, String value, String token, int lo, int hi, List<String> tokenNames,
      int min, int max, List<String> names, String what) {
    if (tokenNames != null) {
      int i = tokenNames.indexOf(token.toUpperCase(Locale.ROOT));
      if (i >= 0) {
        return i + (tokenNames == MONTHS ? 1 : 0);
      }
    }
    int n;
    try {
      n = Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw bad(name, value, "has '" + token + "', which is not a " + (what.equals("step") ? "step" : "number"
          + (tokenNames == null ? "" : " or name")), min, max, names);
    }
    if (n < lo || n > hi) {
      throw bad(name, value, "has the " + what + " " + n + ", outside " + lo + "-" + hi, min, max, names);
    }
    return n;
  }

  private static InvalidCronException bad(String name, String value, String problem, int min, int max,
      List<String> names) {
    String allowed = min + "-" + max + (names == null ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1));
    return new InvalidCronException("the " + name + " field '" + value + "' " + problem + "; it takes " + allowed
        + ", *, ranges (a-b), lists (a,b) and steps (*/n)");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
