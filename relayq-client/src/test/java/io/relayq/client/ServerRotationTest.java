package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ServerRotationTest {
  private static final URI A = URI.create("http://a:8750");
  private static final URI B = URI.create("http://b:8750/");
  private static final URI C = URI.create("https://c:443");

  @Test
  void callsStartWithTheFirstCoordinatorListed() {
    ServerRotation r = ServerRotation.of(List.of(A, B, C));

    assertThat(r.current()).isEqualTo("http://a:8750");
    assertThat(r.all()).containsExactly("http://a:8750", "http://b:8750", "https://c:443");
    assertThat(r).hasToString("http://a:8750,http://b:8750,https://c:443");
  }

  @Test
  void aFailureMovesToTheNextAndWrapsAroundAfterTheLast() {
    ServerRotation r = ServerRotation.of(List.of(A, B, C));

    assertThat(r.failedOver("http://a:8750")).isEqualTo("http://b:8750");
    assertThat(r.failedOver("http://b:8750")).isEqualTo("https://c:443");
    assertThat(r.failedOver("https://c:443")).isEqualTo("http://a:8750");
    assertThat(r.current()).isEqualTo("http://a:8750");
  }

  @Test
  void theRotationStaysWithTheCoordinatorThatAnswers() {
    ServerRotation r = ServerRotation.of(List.of(A, B));
    r.failedOver("http://a:8750");

    assertThat(r.current()).isEqualTo("http://b:8750");
    assertThat(r.current()).isEqualTo("http://b:8750");
  }

  @Test
  void aLateFailureOfACoordinatorAlreadyLeftDoesNotMoveTheRotationAgain() {
    ServerRotation r = ServerRotation.of(List.of(A, B, C));
    r.failedOver("http://a:8750");

    assertThat(r.failedOver("http://a:8750")).isEqualTo("http://b:8750");
    assertThat(r.current()).isEqualTo("http://b:8750");
  }

  @Test
  void manyCallsFailingOnOneCoordinatorAtOnceMoveTheRotationOneStep() throws Exception {
    ServerRotation r = ServerRotation.of(List.of(A, B, C));
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 64; i++) {
        pool.submit(() -> {
          go.await();
          return r.failedOver("http://a:8750");
        });
      }
      go.countDown();
    }

    assertThat(r.current()).isEqualTo("http://b:8750");
  }

  @Test
  void aSingleCoordinatorStaysTheOneCalled() {
    ServerRotation r = ServerRotation.of(List.of(A));

    assertThat(r.failedOver("http://a:8750")).isEqualTo("http://a:8750");
  }

  @Test
  void aUrlIsMatchedToTheCoordinatorItWasBuiltFor() {
    ServerRotation r = ServerRotation.of(List.of(URI.create("http://a:80"), URI.create("http://a:8080"),
        URI.create("http://a:8080/relayq")));

    assertThat(r.owner("http://a:8080/api/v1/jobs")).isEqualTo("http://a:8080");
    assertThat(r.owner("http://a:80/healthz")).isEqualTo("http://a:80");
    assertThat(r.owner("http://a:8080/relayq/api/v1/jobs?limit=1")).isEqualTo("http://a:8080/relayq");
    assertThat(r.owner("http://elsewhere/api/v1/jobs")).isNull();
  }

  @Test
  void aListIsReadCommaSeparatedOrAsAFlowList() {
    assertThat(ServerRotation.parse("http://a:8750, http://b:8750")).containsExactly(A, URI.create("http://b:8750"));
    assertThat(ServerRotation.parse("[http://a:8750, 'http://b:8750']"))
        .containsExactly(A, URI.create("http://b:8750"));
    assertThat(ServerRotation.parse("http://a:8750")).containsExactly(A);
  }

  @Test
  void aBadListIsRefusedWithWhatToWrite() {
    assertThatThrownBy(() -> ServerRotation.parse("http://a:8750,,http://b:8750"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty entry")
        .hasMessageContaining("http://a:8750,http://b:8750");
    assertThatThrownBy(() -> ServerRotation.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> ServerRotation.of(List.of(A, URI.create("http://a:8750/"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> ServerRotation.of(List.of(A, URI.create("ftp://b:21"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with http://");
  }
}
