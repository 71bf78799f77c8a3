package io.relayq.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Percentiles of a sample (nearest rank: the value below which {@code q} of the sample lies, never
 * an interpolation), so p99 of 300 values is the third largest.
 */
record Stats(double[] sorted) {

  static Stats of(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return new Stats(copy);
  }

  static Stats of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  int count() {
    return sorted.length;
  }

  /**
   * The {@code q} quantile, {@code 0 < q <= 1}.
   *
   * @throws IllegalStateException when the sample is empty
   */
  double quantile(double q) {
    if (sorted.length == 0) {
      throw new IllegalStateException("no values measured, so there is no percentile");
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  double p50() {
    return quantile(0.50);
  }

  double p90() {
    return quantile(0.90);
  }

  double p99() {
    return quantile(0.99);
  }

  double max() {
    return quantile(1.0);
  }
}
