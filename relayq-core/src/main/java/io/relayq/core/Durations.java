package io.relayq.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations as written on the command line and in JSON: {@code 250ms}, {@code 15s},
 * {@code 30m}, {@code 5h}, {@code 2d}, or combined as {@code 1h30m}. A bare number is seconds.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern BARE = Pattern.compile("\\d{1,9}");

  private Durations() {}

  /** Parses a duration; throws {@link IllegalArgumentException} with an example of a valid one. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration (write it like 30s, 10m, 5h or 1h30m)");
    }
    String t = text.trim();
    if (BARE.matcher(t).matches()) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (m.find()) {
      if (m.start() != pos) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      pos = m.end();
    }
    if (pos != t.length() || pos == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (write it like 30s, 10m, 5h or 1h30m)");
    }
    return total;
  }

  /** Formats in the largest units that are exact: 90s is {@code 1m30s}, 1500ms is {@code 1500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    StringBuilder out = new StringBuilder();
    long[] units = {86400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        out.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return out.toString();
  }
}
