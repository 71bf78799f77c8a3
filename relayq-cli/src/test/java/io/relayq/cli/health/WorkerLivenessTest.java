package io.relayq.cli.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayq.worker.WorkerHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class WorkerLivenessTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration LIMIT = Duration.ofSeconds(70);

  private static Verdict judge(WorkerHealth h) {
    return new WorkerLiveness(() -> h, LIMIT, InstantSource.fixed(NOW)).check();
  }

  @Test
  void aPollLoopThatCameRoundWithinTheLimitIsHealthy() {
    Verdict v = judge(new WorkerHealth(true, NOW.minusSeconds(70), NOW, false, 2));

    assertThat(v.healthy()).isTrue();
    assertThat(v.status()).isEqualTo("ok");
  }

  @Test
  void aPollLoopSilentForLongerThanTheLimitIsStalledAndSaysForHowLong() {
    Verdict v = judge(new WorkerHealth(true, NOW.minusSeconds(95), NOW.minusSeconds(2), false, 3));

    assertThat(v.healthy()).isFalse();
    assertThat(v.status()).isEqualTo("stalled");
    assertThat(v.reason()).isEqualTo("the poll loop has not come round for 95 s (limit 70 s, 3 jobs running): the"
        + " worker takes no new work and needs a restart");
  }

  @Test
  void aDrainingWorkerIsLeftToFinishEvenWhenItsLoopIsQuiet() {
    Verdict v = judge(new WorkerHealth(true, NOW.minusSeconds(600), NOW, true, 1));

    assertThat(v.healthy()).isTrue();
    assertThat(v.status()).isEqualTo("draining");
  }

  @Test
  void aWorkerTheCoordinatorForgotIsHealthyWhileItsLoopRegistersAgain() {
    Verdict v = judge(new WorkerHealth(false, NOW.minusSeconds(1), null, false, 0));

    assertThat(v.healthy()).isTrue();
    assertThat(v.status()).isEqualTo("registering");
  }
}
