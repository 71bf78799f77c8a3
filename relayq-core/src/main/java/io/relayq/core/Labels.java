package io.relayq.core;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Worker labels and job label requirements. A label is 1-64 characters of letters, digits and
 * {@code . _ - : /}, starting with a letter or digit ({@code light}, {@code os:linux},
 * {@code has:ffmpeg}).
 */
public final class Labels {
  public static final int MAX_LENGTH = 64;
  public static final int MAX_COUNT = 32;
  private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");

  private Labels() {}

  /** Returns the labels sorted and without duplicates, or throws naming the first bad one. */
  public static List<String> normalize(Collection<String> labels) {
    if (labels == null) {
      return List.of();
    }
    if (labels.size() > MAX_COUNT) {
      throw new IllegalArgumentException(
          "too many labels: " + labels.size() + " (at most " + MAX_COUNT + ")");
    }
    TreeSet<String> out = new TreeSet<>();
    for (String l : labels) {
      check(l);
      out.add(l);
    }
    return List.copyOf(out);
  }

  public static void check(String label) {
    if (label == null || !SYNTAX.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "invalid label '" + label + "': use 1-" + MAX_LENGTH
              + " letters, digits and . _ - : / starting with a letter or digit, like os:linux");
    }
  }
}
