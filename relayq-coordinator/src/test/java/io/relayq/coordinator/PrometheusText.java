package io.relayq.coordinator;

import java.util.HashMap;
import java.util.Map;

/**
 * A Prometheus text exposition parsed into series and values, so tests can read
 * {@code relayq_jobs{state="queued"}} as a number.
 */
final class PrometheusText {
  private final String text;
  private final Map<String, Double> values = new HashMap<>();

  PrometheusText(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  /**
   * The value of one series, written as the exposition writes it: labels sorted by name, like
   * {@code relayq_jobs_finished_total{reason="exit",state="succeeded"}}; null when absent.
   */
  Double value(String series) {
    return values.get(series);
  }

  /** The value, or 0 when the series does not exist yet (a counter never incremented). */
  double valueOrZero(String series) {
    Double v = values.get(series);
    return v == null ? 0 : v;
  }

  boolean has(String series) {
    return values.containsKey(series);
  }

  @Override
  public String toString() {
    return text;
  }
}
