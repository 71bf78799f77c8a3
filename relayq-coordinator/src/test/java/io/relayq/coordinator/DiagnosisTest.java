package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code GET /diagnosis}: what {@code relayq doctor} prints, for each reason a job waits. */
class DiagnosisTest extends CoordinatorTestSupport {

  @Test
  void aClusterRunningItsWorkIsHealthy() {
    hello("mini", "id-mini", "inc-1");
    submit("{\"command\":\"echo hi\"}");
    pollNow("mini", "inc-1", 1);

    JsonNode d = diagnosis("");

    assertThat(d.get("healthy").asBoolean()).as(d.toString()).isTrue();
    assertThat(d.get("problems")).isEmpty();
    assertThat(d.get("olderThan").asText()).isEqualTo("30s");
    assertThat(d.at("/store/healthy").asBoolean()).isTrue();
    assertThat(d.at("/workers/online").asInt()).isEqualTo(1);
    assertThat(d.at("/workers/list/0/name").asText()).isEqualTo("mini");
    assertThat(d.at("/workers/list/0/running").asInt()).isEqualTo(1);
    assertThat(d.at("/queue/running").asInt()).isEqualTo(1);
    assertThat(d.at("/queue/queued").asInt()).isZero();
  }

  @Test
  void noWorkerOnlineIsAProblemThatSaysHowToStartOne() {
    JsonNode d = diagnosis("");

    assertThat(d.get("healthy").asBoolean()).isFalse();
    assertThat(d.get("problems").get(0).asText())
        .isEqualTo("no worker is online, so no job can run: start one with relayq worker --server " + coordinator.url());
  }

  @Test
  void aJobNeedingALabelNoOnlineWorkerHasIsAProblem() {
    hello("mini", "id-mini", "inc-1", "light");
    String id = submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}").get("id").asText();
    clock.advance(Duration.ofSeconds(45));
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.get("healthy").asBoolean()).isFalse();
    JsonNode job = d.get("waiting").get(0);
    assertThat(job.get("id").asText()).isEqualTo(id);
    assertThat(job.get("command").asText()).isEqualTo("nvidia-smi");
    assertThat(job.get("age").asText()).isEqualTo("45s");
    assertThat(job.get("reason").asText()).isEqualTo("no_matching_worker");
    assertThat(job.get("waiting").asText()).isEqualTo("no online worker has label gpu (1 worker online: mini)");
    assertThat(job.get("problem").asBoolean()).isTrue();
    assertThat(d.get("problems")).extracting(JsonNode::asText).containsExactly("job " + id
        + " (nvidia-smi) has been queued for 45s: no online worker has label gpu (1 worker online: mini)");
    assertThat(job.get("waiting").asText()).as("the same reason as the job page").isEqualTo(job(id).get("waiting")
        .asText());
  }

  @Test
  void aJobForATargetWorkerThatWentOfflineIsAProblem() {
    hello("rpi4", "id-rpi4", "inc-1");
    clock.advance(Duration.ofMinutes(3));
    hello("mini", "id-mini", "inc-1");
    submit("{\"command\":\"vcgencmd measure_temp\",\"worker\":\"rpi4\"}");
    clock.advance(Duration.ofSeconds(40));
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.at("/waiting/0/reason").asText()).isEqualTo("target_offline");
    assertThat(d.at("/waiting/0/waiting").asText()).isEqualTo("target worker rpi4 is offline (last seen 4m ago)");
    assertThat(d.at("/workers/offline").asInt()).isEqualTo(1);
    assertThat(d.get("problems")).hasSize(1);
  }

  @Test
  void manyJobsHeldForOneReasonMakeOneProblemLine() {
    hello("mini", "id-mini", "inc-1");
    for (int i = 0; i < 3; i++) {
      submit("{\"command\":\"render " + i + "\",\"worker\":\"ghost\"}");
    }
    clock.advance(Duration.ofMinutes(2));
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.get("waiting")).hasSize(3);
    assertThat(d.at("/waiting/0/command").asText()).as("oldest first").isEqualTo("render 0");
    assertThat(d.get("problems")).extracting(JsonNode::asText)
        .containsExactly("3 jobs have been queued for up to 2m: no worker named ghost has registered");
  }

  @Test
  void jobsWaitingForABusyWorkerOrForLaterAreListedButHealthy() {
    hello("mini", "id-mini", "inc-1");
    for (int i = 0; i < 3; i++) {
      submit("{\"command\":\"sleep " + i + "\"}");
    }
    submit("{\"command\":\"backup\",\"delay\":\"1h\"}");
    pollNow("mini", "inc-1", 2);
    clock.advance(Duration.ofMinutes(1));
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.get("healthy").asBoolean()).as(d.toString()).isTrue();
    assertThat(d.get("waiting")).extracting(j -> j.get("reason").asText())
        .containsExactlyInAnyOrder("all_busy", "scheduled");
    assertThat(d.get("waiting")).allSatisfy(j -> assertThat(j.get("problem").asBoolean()).isFalse());
    assertThat(d.at("/queue/scheduled").asInt()).isEqualTo(1);
  }

  @Test
  void jobsHeldByAFullConcurrencyGroupOrAPreferenceAreExplainedWaitsNotProblems() {
    hello("mini", "id-mini", "inc-1");
    String running = submit("{\"command\":\"ffmpeg 1\",\"group\":\"transcode\",\"groupLimit\":1}").get("id").asText();
    submit("{\"command\":\"ffmpeg 2\",\"group\":\"transcode\",\"groupLimit\":1}");
    submit("{\"command\":\"render\",\"preferWorker\":\"mac\",\"preferWait\":\"10m\"}");
    assertThat(pollNow("mini", "inc-1", 2).toString()).contains(running);
    clock.advance(Duration.ofMinutes(1));
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.get("healthy").asBoolean()).as(d.toString()).isTrue();
    assertThat(d.get("problems")).isEmpty();
    assertThat(d.get("waiting")).extracting(j -> j.get("reason").asText())
        .containsExactlyInAnyOrder("group_full", "preferred_worker");
    assertThat(d.get("waiting")).allSatisfy(j -> assertThat(j.get("problem").asBoolean()).isFalse());
    assertThat(d.get("waiting")).extracting(j -> j.get("waiting").asText()).anySatisfy(
        w -> assertThat(w).isEqualTo("concurrency group transcode is full (1 of 1 running)"));
    assertThat(d.get("waiting")).extracting(j -> j.get("waiting").asText()).anySatisfy(
        w -> assertThat(w).startsWith("waiting for preferred worker mac, ").contains("then any matching worker"));
  }

  @Test
  void aJobAWorkerWithAFreeSlotDoesNotTakeIsTheNeverDequeuesCase() {
    hello("mini", "id-mini", "inc-1");
    submit("{\"command\":\"echo stuck\"}");
    clock.advance(Duration.ofMinutes(1));
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.at("/waiting/0/reason").asText()).isEqualTo("ready");
    assertThat(d.get("problems").get(0).asText()).contains("has been queued for 1m:",
        "a matching worker has a free slot but has not taken it (mini last polled", "is that worker still polling?");
  }

  @Test
  void aRetryQueuedAMomentAgoIsNotLateHoweverOldTheJob() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 600\",\"lease\":\"5s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    clock.advance(Duration.ofMinutes(2));
    coordinator.reaper().runOnce();
    heartbeat("mini", "inc-1");

    JsonNode d = diagnosis("");

    assertThat(d.at("/waiting/0/id").asText()).isEqualTo(id);
    assertThat(d.at("/waiting/0/reason").asText()).isEqualTo("ready");
    assertThat(d.at("/waiting/0/problem").asBoolean()).isFalse();
    assertThat(d.get("healthy").asBoolean()).as(d.toString()).isTrue();
  }

  @Test
  void onlyJobsOlderThanTheThresholdAreListed() {
    hello("mini", "id-mini", "inc-1", "light");
    submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}");

    assertThat(diagnosis("").get("waiting")).isEmpty();
    assertThat(diagnosis("").at("/queue/unrunnable").asInt()).isEqualTo(1);
    assertThat(diagnosis("?olderThan=0s").get("waiting")).hasSize(1);
  }

  @Test
  void aMalformedThresholdIsRefused() {
    assertError(api.get(V1 + "/diagnosis?olderThan=soon"), 400, "invalid_query");
  }

  @Test
  void aStoreThatDoesNotAnswerIsTheProblem() {
    diagnosis("");
    store.close();

    JsonNode d = diagnosis("");

    assertThat(d.get("healthy").asBoolean()).isFalse();
    assertThat(d.at("/store/healthy").asBoolean()).isFalse();
    assertThat(d.at("/store/error").asText()).isNotBlank();
    assertThat(d.get("problems").get(0).asText()).startsWith("the store does not answer");
  }

  private JsonNode diagnosis(String query) {
    ApiClient.Response r = api.get(V1 + "/diagnosis" + query);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  private void heartbeat(String name, String incarnation) {
    ApiClient.Response r = api.postJson(V1 + "/workers/" + name + "/heartbeat",
        "{\"incarnation\":\"" + incarnation + "\",\"leases\":[]}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }
}
