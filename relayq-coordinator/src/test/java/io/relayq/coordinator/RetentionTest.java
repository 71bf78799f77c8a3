package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The coordinator's retention loop prunes finished jobs past the retention, and nothing else. */
class RetentionTest extends CoordinatorTestSupport {
  private static final Duration RETENTION = Duration.ofSeconds(10);

  @Override
  CoordinatorConfig config() {
    return super.config().withRetention(RETENTION);
  }

  @Test
  void finishedJobsOlderThanTheRetentionArePrunedWithTheirOutputAndQueuedOnesStay() {
    hello("mini", "id-mini", "inc-1");
    String old = submit("{\"command\":\"echo old\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    finish(old, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0,\"output\":[{\"stream\":\"stdout\",\"offset\":0,"
        + "\"data\":\"b2xkCg==\"}]}");
    String cancelled = submit("{\"command\":\"echo never\"}").get("id").asText();
    api.postJson(V1 + "/jobs/" + cancelled + "/cancel", "");
    String dependent = submit("{\"command\":\"deploy\",\"after\":[\"" + old + "\"],\"worker\":\"elsewhere\"}")
        .get("id").asText();
    clock.advance(RETENTION.plusSeconds(1));
    String recent = submit("{\"command\":\"echo recent\"}").get("id").asText();
    api.postJson(V1 + "/jobs/" + recent + "/cancel", "");

    await().atMost(generous()).untilAsserted(() -> {
      assertThat(api.get(V1 + "/jobs/" + old).status()).isEqualTo(404);
      assertThat(api.get(V1 + "/jobs/" + cancelled).status()).isEqualTo(404);
    });
    assertThat(api.get(V1 + "/jobs/" + old + "/output").status()).isEqualTo(404);
    assertThat(job(dependent).get("state").asText()).as("queued jobs are never pruned").isEqualTo("queued");
    assertThat(job(recent).get("state").asText()).as("finished within the retention").isEqualTo("cancelled");
    assertError(api.postJson(V1 + "/jobs", "{\"command\":\"x\",\"after\":[\"" + old + "\"]}"), 422,
        "unknown_dependency");
  }

  @Test
  void theRetentionIsAtMostTenYearsAndZeroKeepsJobsForEver() {
    assertThat(CoordinatorConfig.defaults().retention()).isEqualTo(Duration.ofDays(14));
    assertThat(new Retention(store, clock, Duration.ZERO).enabled()).isFalse();
    assertThat(new Retention(store, clock, Duration.ofDays(14)).interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(new Retention(store, clock, Duration.ofSeconds(3)).interval()).isEqualTo(Duration.ofSeconds(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoordinatorConfig.defaults().withRetention(Duration.ofDays(4000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
  }
}
