package io.relayq.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static WorkerHealth lastPollAt(Instant at) {
    return new WorkerHealth(true, at, null, false, 0);
  }

  @Test
  void aPollLoopThatCameRoundWithinTheLimitIsProgressing() {
    assertThat(lastPollAt(T0).pollLoopProgressing(T0.plusSeconds(45), Duration.ofSeconds(45))).isTrue();
  }

  @Test
  void aPollLoopSilentForLongerThanTheLimitIsStuck() {
    assertThat(lastPollAt(T0).pollLoopProgressing(T0.plusSeconds(46), Duration.ofSeconds(45))).isFalse();
  }
}
