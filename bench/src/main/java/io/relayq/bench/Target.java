package io.relayq.bench;

import java.util.Locale;

/**
 * A figure's bar from DESIGN §9: a bound it must stay at or above (rates), or below (times and
 * sizes). {@link #none} describes a figure that has no numeric bar, so it is shown, not judged.
 *
 * @param text how the target reads in the results, like {@code >= 4,600 jobs/s}
 */
record Target(String text, Direction direction, double bound) {

  /** Which side of {@link #bound} meets the target. */
  enum Direction { AT_LEAST, BELOW, AT_MOST, NONE }

  static Target atLeast(double bound, String text) {
    return new Target(text, Direction.AT_LEAST, bound);
  }

  static Target below(double bound, String text) {
    return new Target(text, Direction.BELOW, bound);
  }

  static Target atMost(double bound, String text) {
    return new Target(text, Direction.AT_MOST, bound);
  }

  static Target none(String text) {
    return new Target(text, Direction.NONE, Double.NaN);
  }

  boolean judged() {
    return direction != Direction.NONE;
  }

  /** Whether {@code value} meets the target; true when there is nothing to judge. */
  boolean met(double value) {
    return switch (direction) {
      case AT_LEAST -> value >= bound;
      case BELOW -> value < bound;
      case AT_MOST -> value <= bound;
      case NONE -> true;
    };
  }

  /** How far {@code value} is from the bound, in words: empty when met or not judged. */
  String shortfall(double value) {
    if (met(value) || Double.isNaN(value)) {
      return "";
    }
    return switch (direction) {
      case AT_LEAST -> String.format(Locale.ROOT, "%.0f %% of target", 100 * value / bound);
      case BELOW, AT_MOST -> value / bound < 2
          ? String.format(Locale.ROOT, "%.1f %% over the bound", 100 * (value / bound - 1))
          : String.format(Locale.ROOT, "%.1f× the bound", value / bound);
      case NONE -> "";
    };
  }
}
