package io.relayq.bench;

import java.util.Locale;

/**
 * One measured value with what it is compared against.
 *
 * @param key a stable id for the JSON results and the plots, like {@code dispatch.drain}
 * @param label how the row reads in the results table
 * @param value NaN when it could not be measured (the note then says why)
 * @param peer the best peer's figure from DESIGN §9, or "-"
 * @param note a short remark shown next to the value (what was measured exactly), or null
 */
record Figure(String key, String label, double value, String unit, Target target, String peer, String note) {

  static Figure of(String key, String label, double value, String unit, Target target, String peer) {
    return new Figure(key, label, value, unit, target, peer, null);
  }

  /** This figure with a remark shown next to its value; a blank remark leaves it without. */
  Figure withNote(String text) {
    return new Figure(key, label, value, unit, target, peer, text == null || text.isBlank() ? null : text);
  }

  boolean measured() {
    return !Double.isNaN(value);
  }

  /** The value with its unit, like {@code 4,812 jobs/s} or {@code 0.84 ms}. */
  String formatted() {
    if (!measured()) {
      return "n/a";
    }
    String number = switch (unit) {
      case "jobs/s", "jobs", "MB", "KB" -> String.format(Locale.ROOT, "%,.0f", value);
      case "ms" -> value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%,.1f", value);
      case "s" -> String.format(Locale.ROOT, "%.1f", value);
      case "%" -> String.format(Locale.ROOT, "%.0f", value);
      case "×" -> String.format(Locale.ROOT, "%.2f", value);
      default -> String.format(Locale.ROOT, "%,.2f", value);
    };
    return unit.equals("%") ? number + " %" : unit.equals("×") ? number + "×" : number + " " + unit;
  }

  /** The value as a table cell: marked met or missed (by how much) when a target applies, with its note. */
  String cell() {
    return verdictCell() + (note == null ? "" : " (" + note + ")");
  }

  /** The value marked met or missed, without its note: for the summary. */
  String verdictCell() {
    if (!measured()) {
      return "n/a";
    }
    return formatted() + (!target.judged() ? "" : target.met(value) ? " ✅" : " ❌ " + target.shortfall(value));
  }
}
