package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The worker protocol driven by hand-written HTTP calls, as a worker agent makes them. */
class WorkerProtocolTest extends CoordinatorTestSupport {

  @Test
  void helloWelcomesTheWorkerWithTheHeartbeatInterval() {
    JsonNode welcome = hello("mini", "id-mini", "inc-1", "os:mac");

    assertThat(welcome.get("name").asText()).isEqualTo("mini");
    assertThat(welcome.get("heartbeatInterval").asText()).isEqualTo("5s");
    assertThat(welcome.get("releasedJobs").asInt()).isZero();
  }

  @Test
  void aWaitingPollIsWokenBySubmitAndReturnsTheJob() {
    hello("mini", "id-mini", "inc-1");
    CompletableFuture<ApiClient.Response> polling = api.postJsonAsync(V1 + "/workers/mini/poll",
        "{\"incarnation\":\"inc-1\",\"free\":1,\"waitMs\":25000}");
    await().atMost(generous()).until(() -> store.listWorkers().get(0).lastPollAt() != null);

    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();

    ApiClient.Response r = await().atMost(generous()).until(() -> polling.getNow(null), res -> res != null);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode jobs = r.json().get("jobs");
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).get("jobId").asText()).isEqualTo(id);
    assertThat(jobs.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(jobs.get(0).get("spec").get("command").asText()).isEqualTo("echo hi");
    assertThat(job(id).get("state").asText()).isEqualTo("running");
  }

  @Test
  void aPollWithNothingToDoAnswersEmptyAfterItsWait() {
    hello("mini", "id-mini", "inc-1");

    JsonNode r = poll("mini", "inc-1", 1, 50).json();

    assertThat(r.get("jobs")).isEmpty();
    assertThat(r.get("cancel")).isEmpty();
  }

  @Test
  void aPollOnlyGetsJobsWhoseLabelsTheWorkerHas() {
    hello("mini", "id-mini", "inc-1", "os:mac");
    submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}");
    String macJob = submit("{\"command\":\"say hi\",\"labels\":[\"os:mac\"]}").get("id").asText();

    JsonNode jobs = pollNow("mini", "inc-1", 5).get("jobs");

    assertThat(jobs).extracting(j -> j.get("jobId").asText()).containsExactly(macJob);
  }

  @Test
  void aPollNeverGetsMoreJobsThanTheWorkerHasSlots() {
    hello("mini", "id-mini", "inc-1");
    for (int i = 0; i < 3; i++) {
      submit("{\"command\":\"echo " + i + "\"}");
    }

    assertThat(pollNow("mini", "inc-1", 10).get("jobs")).hasSize(2);
  }

  @Test
  void aHeartbeatRenewsTheLease() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 60\",\"lease\":\"10s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    String before = job(id).get("leaseExpiresAt").asText();
    clock.advance(Duration.ofSeconds(5));

    JsonNode hb = heartbeat("mini", "inc-1", id, 1);

    assertThat(hb.get("renewed")).hasSize(1);
    assertThat(hb.get("stale")).isEmpty();
    assertThat(java.time.Instant.parse(job(id).get("leaseExpiresAt").asText()))
        .isAfter(java.time.Instant.parse(before));
  }

  @Test
  void finishWithOutputChunksStoresTheBytesExactly() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"./produce\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    byte[] first = "héllo wörld ✓ ".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3};
    byte[] tail = {(byte) 0xa9, ' ', 'e', 'n', 'd'};
    byte[] err = "warn: ⚠\n".getBytes(StandardCharsets.UTF_8);

    assertThat(appendOutput(id, 1, "stdout", 0, first).status()).isEqualTo(204);
    assertThat(appendOutput(id, 1, "stdout", first.length, binary).status()).isEqualTo(204);
    ApiClient.Response done = finish(id, 1, """
        {"attempt":1,"outcome":"exited","exitCode":0,"output":[
          {"stream":"stdout","offset":%d,"data":"%s"},
          {"stream":"stderr","offset":0,"data":"%s"}]}"""
        .formatted(first.length + binary.length, b64(tail), b64(err)));

    assertThat(done.status()).as(done.text()).isEqualTo(200);
    assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
    assertThat(api.get(V1 + "/jobs/" + id + "/output?stream=stdout").body()).isEqualTo(concat(first, binary, tail));
    assertThat(api.get(V1 + "/jobs/" + id + "/output?stream=stderr").body()).isEqualTo(err);
    ApiClient.Response all = api.get(V1 + "/jobs/" + id + "/output");
    assertThat(all.contentType()).startsWith("application/octet-stream");
    assertThat(all.body()).isEqualTo(concat(first, binary, tail, err));
    JsonNode attempts = job(id).get("attempts");
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).get("exitCode").asInt()).isZero();
  }

  @Test
  void aChunkSentAgainAtTheSameOffsetIsStoredOnce() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"echo hi\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    appendOutput(id, 1, "stdout", 0, "abc".getBytes(StandardCharsets.UTF_8));
    assertThat(appendOutput(id, 1, "stdout", 0, "abc".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(204);

    assertThat(api.get(V1 + "/jobs/" + id + "/output").text()).isEqualTo("abc");
  }

  @Test
  void aResultFromAnOldAttemptIsRefusedAndChangesNothing() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 60\",\"lease\":\"1s\",\"retryBackoff\":\"0s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    clock.advance(Duration.ofSeconds(2));
    coordinator.reaper().runOnce();
    JsonNode second = pollNow("mini", "inc-1", 1).get("jobs");
    assertThat(second.get(0).get("attempt").asInt()).isEqualTo(2);

    ApiClient.Response late = finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");
    ApiClient.Response lateOutput = appendOutput(id, 1, "stdout", 0, "zombie".getBytes(StandardCharsets.UTF_8));

    assertError(late, 409, "stale_lease");
    assertThat(late.errorMessage()).contains("attempt 1", "attempt 2");
    assertError(lateOutput, 409, "stale_lease");
    JsonNode job = job(id);
    assertThat(job.get("state").asText()).isEqualTo("running");
    assertThat(job.get("attempt").asInt()).isEqualTo(2);
    assertThat(api.get(V1 + "/jobs/" + id + "/output?attempt=1").body()).isEmpty();
  }

  @Test
  void aResultSentAgainAfterItsReplyWasLostIsAnsweredAsRecordedAndChangesNothing() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"true\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    String report = "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}";
    assertThat(finish(id, 1, report).status()).isEqualTo(200);

    ApiClient.Response again = finish(id, 1, report);
    ApiClient.Response different = finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":3}");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("state").asText()).isEqualTo("succeeded");
    assertError(different, 409, "stale_lease");
    List<String> types = new ArrayList<>();
    api.get(V1 + "/jobs/" + id + "/events").json().path("events").forEach(e -> types.add(e.path("type").asText()));
    assertThat(types).containsOnlyOnce("succeeded");
  }

  @Test
  void theReaperRequeuesAJobWhoseLeaseExpired() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 60\",\"lease\":\"1s\",\"retryBackoff\":\"0s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    assertThat(coordinator.reaper().runOnce()).as("the lease is still valid").isZero();

    clock.advance(Duration.ofSeconds(2));

    assertThat(coordinator.reaper().runOnce()).isEqualTo(1);
    JsonNode job = job(id);
    assertThat(job.get("state").asText()).isEqualTo("queued");
    assertThat(job.get("attempts").get(0).get("reason").asText()).isEqualTo("lost");
  }

  @Test
  void aCancelOfARunningJobReachesTheWorkerThroughPollAndHeartbeat() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 60\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    CompletableFuture<ApiClient.Response> polling = api.postJsonAsync(V1 + "/workers/mini/poll",
        "{\"incarnation\":\"inc-1\",\"free\":0,\"waitMs\":25000}");

    ApiClient.Response cancel = api.postJson(V1 + "/jobs/" + id + "/cancel", "");

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.json().get("state").asText()).isEqualTo("running");
    assertThat(cancel.json().get("cancelRequested").asBoolean()).isTrue();
    ApiClient.Response polled = await().atMost(generous()).until(() -> polling.getNow(null), r -> r != null);
    assertThat(polled.json().get("cancel")).extracting(c -> c.get("jobId").asText()).containsExactly(id);
    assertThat(heartbeat("mini", "inc-1", id, 1).get("cancel")).extracting(c -> c.get("jobId").asText())
        .containsExactly(id);

    ApiClient.Response killed = finish(id, 1, "{\"attempt\":1,\"outcome\":\"killed\"}");
    assertThat(killed.json().get("state").asText()).isEqualTo("cancelled");
  }

  @Test
  void theSameWorkerRestartingReleasesItsOldLeasesAtOnce() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 60\",\"retryBackoff\":\"0s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    JsonNode welcome = hello("mini", "id-mini", "inc-2");

    assertThat(welcome.get("releasedJobs").asInt()).isEqualTo(1);
    assertThat(job(id).get("state").asText()).isEqualTo("queued");
    JsonNode again = pollNow("mini", "inc-2", 1).get("jobs");
    assertThat(again.get(0).get("jobId").asText()).isEqualTo(id);
    assertThat(again.get(0).get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void theOldIncarnationIsToldItWasSuperseded() {
    hello("mini", "id-mini", "inc-1");
    hello("mini", "id-mini", "inc-2");

    ApiClient.Response r = poll("mini", "inc-1", 1, 0);

    assertError(r, 409, "superseded");
    assertThat(r.errorMessage()).contains("inc-2");
  }

  @Test
  void anotherLiveWorkerUnderTheSameNameIsRefused() {
    hello("mini", "id-mini", "inc-1");

    ApiClient.Response r = api.postJson(V1 + "/workers/mini/hello",
        "{\"workerId\":\"other-machine\",\"incarnation\":\"x\",\"labels\":[],\"slots\":1,\"host\":\"other\"}");

    assertError(r, 409, "worker_name_taken");
    assertThat(r.errorMessage()).contains("mini");
    assertThat(store.listWorkers().get(0).workerId()).isEqualTo("id-mini");
  }

  @Test
  void aDrainingWorkerGetsNoNewJobsAndAStoppedOneShowsOffline() {
    hello("mini", "id-mini", "inc-1");
    submit("{\"command\":\"echo hi\"}");

    ApiClient.Response draining = api.postJson(V1 + "/workers/mini/goodbye",
        "{\"incarnation\":\"inc-1\",\"draining\":true}");
    assertThat(draining.status()).isEqualTo(204);
    assertThat(pollNow("mini", "inc-1", 1).get("jobs")).isEmpty();
    assertThat(api.get(V1 + "/workers").json().get("workers").get(0).get("status").asText()).isEqualTo("draining");

    api.postJson(V1 + "/workers/mini/goodbye", "{\"incarnation\":\"inc-1\",\"draining\":false}");
    assertThat(api.get(V1 + "/workers").json().get("workers").get(0).get("status").asText()).isEqualTo("offline");
  }

  @Test
  void aRetryableExitCodeQueuesTheJobForAnotherAttempt() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"flaky\",\"retries\":1,\"retryBackoff\":\"0s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    ApiClient.Response r = finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":75}");

    assertThat(r.json().get("state").asText()).isEqualTo("queued");
    assertThat(pollNow("mini", "inc-1", 1).get("jobs").get(0).get("attempt").asInt()).isEqualTo(2);
  }

  private JsonNode heartbeat(String name, String incarnation, String jobId, int attempt) {
    ApiClient.Response r = api.postJson(V1 + "/workers/" + name + "/heartbeat",
        "{\"incarnation\":\"%s\",\"leases\":[{\"jobId\":\"%s\",\"attempt\":%d}]}".formatted(incarnation, jobId, attempt));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  private static String b64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
