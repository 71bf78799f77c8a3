package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reads the dashboard adds: the overview, a job's history, resuming an output follow. */
class OverviewTest extends CoordinatorTestSupport {

  @Test
  void theOverviewCountsJobsWorkersAndWhatCannotRun() {
    hello("mini", "id-mini", "inc-1", "light");
    String done = submit("{\"command\":\"echo done\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    finish(done, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");
    submit("{\"command\":\"sleep 60\"}");
    pollNow("mini", "inc-1", 1);
    String gpu = submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}").get("id").asText();
    submit("{\"command\":\"backup\",\"delay\":\"1h\"}");

    JsonNode o = await().atMost(generous()).until(this::overview, n -> n.at("/jobs/queued").asInt() == 2);

    assertThat(o.at("/jobs/running").asInt()).isEqualTo(1);
    assertThat(o.at("/jobs/scheduled").asInt()).isEqualTo(1);
    assertThat(o.at("/jobs/unrunnable").asInt()).isEqualTo(1);
    assertThat(o.at("/jobs/succeeded").asLong()).isEqualTo(1);
    assertThat(o.at("/workers/online").asInt()).isEqualTo(1);
    assertThat(o.at("/workers/slots").asInt()).isEqualTo(2);
    assertThat(o.at("/workers/slotsUsed").asInt()).isEqualTo(1);
    assertThat(o.get("queueDepth")).extracting(d -> d.get("requirement").asText() + " " + d.get("jobs").asInt() + " "
        + d.get("reason").asText()).containsExactlyInAnyOrder("any 1 ready", "labels=gpu 1 no_matching_worker");
    assertThat(o.at("/unrunnable/0/id").asText()).isEqualTo(gpu);
    assertThat(o.at("/unrunnable/0/reason").asText()).isEqualTo("no_matching_worker");
    assertThat(o.at("/unrunnable/0/waiting").asText()).isEqualTo("no online worker has label gpu (1 worker online: mini)");
  }

  @Test
  void aJobsHistoryListsEveryStateChangeOldestFirst() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");

    ApiClient.Response r = api.get(V1 + "/jobs/" + id + "/events");

    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("jobId").asText()).isEqualTo(id);
    assertThat(r.json().get("events")).extracting(e -> e.get("type").asText())
        .containsExactly("submitted", "leased", "succeeded");
    assertError(api.get(V1 + "/jobs/j_0000000000000001/events"), 404, "not_found");
  }

  @Test
  void aFollowReconnectingWithLastEventIdResumesAfterIt() {
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

    try (SseReader rest = api.stream(V1 + "/jobs/" + id + "/output?follow=true", Map.of("Last-Event-ID", firstId))) {
      await().atMost(generous()).until(rest::ended);
      assertThat(rest.events("output")).hasSize(1);
      assertThat(rest.events("output").get(0).json().get("offset").asLong()).isEqualTo(1);
    }
  }

  @Test
  void theDashboardIsServedAtTheRootWithAStrictContentSecurityPolicy() {
    ApiClient.Response page = api.get("/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.text()).contains("<title>relayq</title>");
    var headers = api.headers("/");
    assertThat(headers.firstValue("Content-Security-Policy")).hasValue(Dashboard.CONTENT_SECURITY_POLICY);
    assertThat(headers.firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(api.get("/js/app.js").contentType()).contains("javascript");
  }

  private JsonNode overview() {
    ApiClient.Response r = api.get(V1 + "/overview");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }
}
