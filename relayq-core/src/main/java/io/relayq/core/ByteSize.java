package io.relayq.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 512M}, {@code 2G}, {@code 1.5GiB}, {@code 4096} (bytes). Units are powers of 1024. */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?");

  private ByteSize() {}

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException when the text is not a size, saying how to write one
   */
  public static long parse(String text) {
    Matcher m = text == null ? null : SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write it like 512M, 2G or 1.5GiB");
    }
    double n = Double.parseDouble(m.group(1));
    int power = "KMGT".indexOf(m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0)) + 1;
    double bytes = n * Math.pow(1024, power);
    if (bytes > Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is too large a size");
    }
    return (long) bytes;
  }

  /** A size the way a person reads it: {@code 812 MiB}, {@code 3.2 GiB}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 || v >= 10 ? Math.round(v) + " " + units[u] : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
