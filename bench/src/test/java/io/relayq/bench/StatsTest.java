package io.relayq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void p99OfThreeHundredValuesIsTheThirdLargest() {
    double[] values = IntStream.rangeClosed(1, 300).mapToDouble(i -> 301 - i).toArray();

    Stats stats = Stats.of(values);

    assertThat(stats.p99()).isEqualTo(297);
    assertThat(stats.p50()).isEqualTo(150);
    assertThat(stats.max()).isEqualTo(300);
  }

  @Test
  void aPercentileIsAlwaysAMeasuredValueNeverAnInterpolation() {
    Stats stats = Stats.of(new double[] {1, 10});

    assertThat(stats.p50()).isEqualTo(1);
    assertThat(stats.p90()).isEqualTo(10);
  }

  @Test
  void anEmptySampleHasNoPercentile() {
    assertThatThrownBy(() -> Stats.of(new double[0]).p50())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no values");
  }
}
