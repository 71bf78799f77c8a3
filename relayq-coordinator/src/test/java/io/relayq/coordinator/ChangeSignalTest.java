package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChangeSignalTest {
  private final ChangeSignal signal = new ChangeSignal();

  @Test
  void aSignalBeforeTheWaitIsNotMissed() {
    long seen = signal.generation();
    signal.signal();

    assertThat(signal.await(seen, Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void aWaiterIsWokenBySignal() {
    long seen = signal.generation();
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> signal.await(seen, Duration.ofMinutes(1)));

    signal.signal();

    assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getNow(null), r -> r != null)).isTrue();
  }

  @Test
  void waitingWithoutASignalTimesOut() {
    assertThat(signal.await(signal.generation(), Duration.ofMillis(10))).isFalse();
  }

  @Test
  void closingEndsEveryWait() {
    long seen = signal.generation();
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> signal.await(seen, Duration.ofMinutes(1)));

    signal.close();

    await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
    assertThat(signal.isClosed()).isTrue();
  }
}
