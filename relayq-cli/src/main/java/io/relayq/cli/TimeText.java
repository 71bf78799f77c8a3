package io.relayq.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times and durations as people read them in a terminal. */
final class TimeText {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private TimeText() {}

  /** {@code 4s ago}, {@code 3m ago}, {@code 2h ago}, {@code 5d ago}; {@code in 10s} for the future. */
  static String ago(Instant then, Instant now) {
    if (then == null) {
      return null;
    }
    Duration d = Duration.between(then, now);
    return d.isNegative() ? "in " + compact(d.negated()) : compact(d) + " ago";
  }

  /** A duration in its largest unit: {@code 850ms}, {@code 12s}, {@code 3m}, {@code 2h}, {@code 5d}. */
  static String compact(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = d.toSeconds();
    if (s < 120) {
      return s + "s";
    }
    if (s < 2 * 3600) {
      return s / 60 + "m";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  /** A local date and time with how long ago it was: {@code 2026-01-05 14:03:11 (12s ago)}. */
  static String at(Instant t, Instant now) {
    return t == null ? null : LOCAL.format(t) + " (" + ago(t, now) + ")";
  }
}
