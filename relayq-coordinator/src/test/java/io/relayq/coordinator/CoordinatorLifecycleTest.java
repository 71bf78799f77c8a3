package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CoordinatorLifecycleTest extends CoordinatorTestSupport {

  @Test
  void aPortInUseIsReportedWithThePort() {
    CoordinatorConfig taken = config().withPort(coordinator.port());

    assertThatThrownBy(() -> Coordinator.start(taken, store, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + coordinator.port());
  }

  @Test
  void aRestartedCoordinatorDoesNotCountItsDowntimeAgainstLeases() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 600\",\"lease\":\"5s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    coordinator.close();

    clock.advance(Duration.ofMinutes(10));
    coordinator = Coordinator.start(config(), store, clock);
    api = new ApiClient(coordinator.url(), adminToken);

    assertThat(coordinator.reaper().runOnce()).isZero();
    assertThat(Instant.parse(job(id).get("leaseExpiresAt").asText())).isAfter(clock.instant());
    assertThat(job(id).get("state").asText()).isEqualTo("running");
  }

  @Test
  void closingEndsLongPollsAndStreamsButLeavesTheStoreOpen() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 600\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    CompletableFuture<ApiClient.Response> polling = api.postJsonAsync(V1 + "/workers/mini/poll",
        "{\"incarnation\":\"inc-1\",\"free\":1,\"waitMs\":25000}");
    SseReader follow = api.stream(V1 + "/jobs/" + id + "/output?follow=true", Map.of());
    SseReader events = api.stream(V1 + "/events", Map.of());
    await().atMost(generous()).until(() -> follow.status() == 200 && events.status() == 200);

    coordinator.close();

    await().atMost(generous()).until(() -> polling.isDone() && follow.ended() && events.ended());
    assertThat(store.findJob(id)).isPresent();
    store.checkHealth();
  }
}
