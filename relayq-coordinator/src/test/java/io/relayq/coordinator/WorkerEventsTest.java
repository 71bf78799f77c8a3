package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worker events on {@code GET /events}, next to the job history, and {@code live=true}. */
class WorkerEventsTest extends CoordinatorTestSupport {

  @Test
  void workersGoingOnlineDrainingAndOfflineAreStreamedWithoutAnId() {
    try (SseReader events = api.stream(V1 + "/events?live=true", Map.of())) {
      await().atMost(generous()).until(() -> events.status() == 200);

      hello("mini", "id-mini", "inc-1", "os:mac");
      await().atMost(generous()).until(() -> events.events("worker").size() == 1);
      api.postJson(V1 + "/workers/mini/goodbye", "{\"incarnation\":\"inc-1\",\"draining\":true}");
      api.postJson(V1 + "/workers/mini/goodbye", "{\"incarnation\":\"inc-1\",\"draining\":false}");

      await().atMost(generous()).until(() -> events.events("worker").size() == 3);
      assertThat(events.events("worker")).extracting(e -> e.json().get("status").asText())
          .containsExactly("online", "draining", "offline");
      assertThat(events.events("worker")).extracting(SseReader.Event::id).containsOnlyNulls();
      SseReader.Event online = events.events("worker").get(0);
      assertThat(online.json().get("name").asText()).isEqualTo("mini");
      assertThat(online.json().get("labels")).extracting(l -> l.asText()).containsExactly("os:mac");
      assertThat(events.events("worker").get(2).json().get("detail").asText()).isEqualTo("it said goodbye");
    }
  }

  @Test
  void aWorkerThatFallsSilentIsStreamedOffline() {
    hello("mini", "id-mini", "inc-1");
    coordinator.presence().refresh();
    try (SseReader events = api.stream(V1 + "/events?live=true", Map.of())) {
      await().atMost(generous()).until(() -> events.status() == 200);

      clock.advance(Duration.ofMinutes(1));
      coordinator.presence().refresh();

      await().atMost(generous()).until(() -> events.events("worker").size() == 1);
      assertThat(events.events("worker").get(0).json().get("status").asText()).isEqualTo("offline");
      assertThat(events.events("worker").get(0).json().get("detail").asText()).isEqualTo("not heard from for 1m");
    }
  }

  @Test
  void liveStartsAfterTheHistoryAndAReconnectStillResumes() {
    String old = submit("{\"command\":\"echo old\"}").get("id").asText();
    api.postJson(V1 + "/jobs/" + old + "/cancel", "");
    String firstLive;
    try (SseReader events = api.stream(V1 + "/events?live=true", Map.of())) {
      await().atMost(generous()).until(() -> events.status() == 200);
      String fresh = submit("{\"command\":\"echo fresh\"}").get("id").asText();

      await().atMost(generous()).until(() -> events.events("job").size() == 1);
      assertThat(events.events("job").get(0).json().get("jobId").asText()).isEqualTo(fresh);
      firstLive = events.events("job").get(0).id();
    }
    String later = submit("{\"command\":\"echo later\"}").get("id").asText();

    try (SseReader resumed = api.stream(V1 + "/events?live=true", Map.of("Last-Event-ID", firstLive))) {
      await().atMost(generous()).until(() -> resumed.events("job").size() == 1);
      assertThat(resumed.events("job").get(0).json().get("jobId").asText()).isEqualTo(later);
    }
  }

  @Test
  void afterAndLiveTogetherAreRefused() {
    assertError(api.get(V1 + "/events?after=3&live=true"), 400, "invalid_query");
  }
}
