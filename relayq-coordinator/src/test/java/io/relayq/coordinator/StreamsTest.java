package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two server-sent event streams: one job's output, and all jobs' history. */
class StreamsTest extends CoordinatorTestSupport {

  @Test
  void followingStreamsOutputLiveAndEndsOnceTheJobIsDone() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"./count\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    try (SseReader follow = api.stream(V1 + "/jobs/" + id + "/output?follow=true", Map.of())) {
      appendOutput(id, 1, "stdout", 0, "one\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(generous()).until(() -> follow.events("output").size() == 1);
      assertThat(follow.status()).isEqualTo(200);
      assertThat(follow.contentType()).startsWith("text/event-stream");
      assertThat(follow.ended()).as("the job still runs").isFalse();

      appendOutput(id, 1, "stderr", 0, "two ✓\n".getBytes(StandardCharsets.UTF_8));
      finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":3,\"output\":[{\"stream\":\"stdout\","
          + "\"offset\":4,\"data\":\"" + Base64.getEncoder().encodeToString("three\n".getBytes()) + "\"}]}");

      await().atMost(generous()).until(follow::ended);
      List<SseReader.Event> output = follow.events("output");
      assertThat(output).extracting(e -> decode(e.json())).containsExactly("one\n", "two ✓\n", "three\n");
      assertThat(output).extracting(e -> e.json().get("stream").asText()).containsExactly("stdout", "stderr", "stdout");
      assertThat(output).extracting(SseReader.Event::id).doesNotContainNull().doesNotHaveDuplicates();
      SseReader.Event last = follow.events().get(follow.events().size() - 1);
      assertThat(last.name()).isEqualTo("end");
      assertThat(last.json().get("state").asText()).isEqualTo("failed");
      assertThat(last.json().get("exitCode").asInt()).isEqualTo(3);
    }
  }

  @Test
  void followingResumesAfterTheLastChunkSeen() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"./count\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    appendOutput(id, 1, "stdout", 0, "a".getBytes(StandardCharsets.UTF_8));
    appendOutput(id, 1, "stdout", 1, "b".getBytes(StandardCharsets.UTF_8));
    finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");
    String firstId;
    try (SseReader all = api.stream(V1 + "/jobs/" + id + "/output?follow=true", Map.of())) {
      await().atMost(generous()).until(all::ended);
      firstId = all.events("output").get(0).id();
    }

    try (SseReader rest = api.stream(V1 + "/jobs/" + id + "/output?follow=true&after=" + firstId, Map.of())) {
      await().atMost(generous()).until(rest::ended);
      assertThat(rest.events("output")).extracting(e -> decode(e.json())).containsExactly("b");
      assertThat(rest.events("end")).hasSize(1);
    }
  }

  @Test
  void followingAQueuedJobTellsWhenItIsLeased() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"./count\"}").get("id").asText();

    try (SseReader follow = api.stream(V1 + "/jobs/" + id + "/output?follow=true", Map.of())) {
      await().atMost(generous()).until(() -> follow.status() == 200);
      pollNow("mini", "inc-1", 1);

      await().atMost(generous()).until(() -> !follow.events("state").isEmpty());
      assertThat(follow.events("state").get(0).json().get("state").asText()).isEqualTo("running");
    }
  }

  @Test
  void theEventStreamSendsHistoryAndResumesFromLastEventId() {
    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();
    api.postJson(V1 + "/jobs/" + id + "/cancel", "");
    String firstSeq;
    try (SseReader events = api.stream(V1 + "/events", Map.of())) {
      await().atMost(generous()).until(() -> events.events("job").size() == 2);
      assertThat(events.events("job")).extracting(e -> e.json().get("type").asText())
          .containsExactly("submitted", "cancelled");
      assertThat(events.events("job")).extracting(e -> e.json().get("jobId").asText()).containsOnly(id);
      firstSeq = events.events("job").get(0).id();

      String live = submit("{\"command\":\"echo live\"}").get("id").asText();
      await().atMost(generous()).until(() -> events.events("job").size() == 3);
      assertThat(events.events("job").get(2).json().get("jobId").asText()).isEqualTo(live);
    }

    try (SseReader resumed = api.stream(V1 + "/events", Map.of("Last-Event-ID", firstSeq))) {
      await().atMost(generous()).until(() -> resumed.events("job").size() == 2);
      assertThat(resumed.events("job")).extracting(e -> e.json().get("type").asText())
          .containsExactly("cancelled", "submitted");
    }
  }

  @Test
  void aMalformedLastEventIdIsRefused() {
    ApiClient.Response r = api.get(V1 + "/events", Map.of("Last-Event-ID", "yesterday"));

    assertError(r, 400, "invalid_query");
  }

  private static String decode(JsonNode output) {
    return new String(Base64.getDecoder().decode(output.get("data").asText()), StandardCharsets.UTF_8);
  }
}
