package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    assertThat(b.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(b.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(b.next()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(b.next()).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void resetStartsFromTheMinimumAgain() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    for (int i = 0; i < 10; i++) {
      b.next();
    }

    b.reset();

    assertThat(b.next()).isLessThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aMaximumBelowTheMinimumIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("0 < min <= max");
  }
}
