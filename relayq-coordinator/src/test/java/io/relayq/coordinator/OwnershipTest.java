package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.auth.TokenRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Per-resource rules: a submit token's own jobs, a worker token's own workers and leases. */
class OwnershipTest extends CoordinatorTestSupport {

  @Nested
  class SubmitTokens {
    @Test
    void aSubmitTokenSeesAndCancelsOnlyItsOwnJobsAndOthersAreNotFound() {
      ApiClient anna = api.withToken(issueToken("anna", TokenRole.SUBMIT));
      ApiClient ben = api.withToken(issueToken("ben", TokenRole.SUBMIT));
      String annas = id(anna.postJson(V1 + "/jobs", "{\"command\":\"echo anna\"}"));
      String bens = id(ben.postJson(V1 + "/jobs", "{\"command\":\"echo ben\"}"));

      for (String path : List.of("", "/events", "/output", "/output?follow=true")) {
        assertError(ben.get(V1 + "/jobs/" + annas + path), 404, "not_found");
      }
      ApiClient.Response cancel = ben.postJson(V1 + "/jobs/" + annas + "/cancel", "");
      assertError(cancel, 404, "not_found");
      assertThat(cancel.errorMessage()).isEqualTo(
          ben.postJson(V1 + "/jobs/j_0000000000000000/cancel", "").errorMessage().replace("j_0000000000000000", annas));
      assertThat(job(annas).get("state").asText()).as("nothing changed").isEqualTo("queued");

      assertThat(ids(ben.get(V1 + "/jobs"))).containsExactly(bens);
      assertThat(ids(anna.get(V1 + "/jobs"))).containsExactly(annas);
      assertThat(ben.get(V1 + "/jobs/" + bens).status()).isEqualTo(200);
      assertThat(ben.postJson(V1 + "/jobs/" + bens + "/cancel", "").status()).isEqualTo(200);
    }

    @Test
    void theDiagnosisOfASubmitTokenNamesOnlyItsOwnWaitingJobs() {
      ApiClient anna = api.withToken(issueToken("anna", TokenRole.SUBMIT));
      ApiClient ben = api.withToken(issueToken("ben", TokenRole.SUBMIT));
      String annas = id(anna.postJson(V1 + "/jobs", "{\"command\":\"anna-secret-build\",\"labels\":[\"gpu\"]}"));
      String bens = id(ben.postJson(V1 + "/jobs", "{\"command\":\"ben-build\",\"labels\":[\"gpu\"]}"));
      clock.advance(java.time.Duration.ofMinutes(2));

      ApiClient.Response forBen = ben.get(V1 + "/diagnosis");
      assertThat(forBen.status()).as(forBen.text()).isEqualTo(200);
      assertThat(forBen.text()).contains(bens, "ben-build").doesNotContain(annas).doesNotContain("anna-secret-build");
      assertThat(api.get(V1 + "/diagnosis").text()).contains(annas, bens);
    }

    @Test
    void readAndAdminTokensSeeEveryonesJobs() {
      ApiClient anna = api.withToken(issueToken("anna", TokenRole.SUBMIT));
      ApiClient reader = api.withToken(issueToken("dashboard", TokenRole.READ));
      String annas = id(anna.postJson(V1 + "/jobs", "{\"command\":\"echo anna\"}"));
      String admins = submit("{\"command\":\"echo admin\"}").get("id").asText();

      assertThat(ids(reader.get(V1 + "/jobs"))).containsExactlyInAnyOrder(annas, admins);
      assertThat(reader.get(V1 + "/jobs/" + annas).status()).isEqualTo(200);
      assertThat(ids(api.get(V1 + "/jobs"))).containsExactlyInAnyOrder(annas, admins);
    }

    @Test
    void theEventStreamOfASubmitTokenCarriesOnlyItsOwnJobs() {
      ApiClient anna = api.withToken(issueToken("anna", TokenRole.SUBMIT));
      ApiClient ben = api.withToken(issueToken("ben", TokenRole.SUBMIT));
      String annas = id(anna.postJson(V1 + "/jobs", "{\"command\":\"echo anna\"}"));
      String bens = id(ben.postJson(V1 + "/jobs", "{\"command\":\"echo ben\"}"));

      try (SseReader stream = ben.stream(V1 + "/events", Map.of())) {
        // anna's job came first, so had it not been filtered out it would arrive before ben's
        await().atMost(generous()).until(() -> jobIds(stream).contains(bens));
        assertThat(jobIds(stream)).doesNotContain(annas);
      }
    }
  }

  @Nested
  class WorkerTokens {
    @Test
    void aWorkerTokenCannotRegisterOrActForAWorkerAnotherTokenRegistered() {
      ApiClient first = api.withToken(issueToken("rack-1", TokenRole.WORKER));
      ApiClient second = api.withToken(issueToken("rack-2", TokenRole.WORKER));
      assertThat(first.postJson(V1 + "/workers/mini/hello", hello("id-mini", "inc-1")).status()).isEqualTo(200);

      assertError(second.postJson(V1 + "/workers/mini/hello", hello("id-mini", "inc-2")), 403, "forbidden");
      assertError(second.postJson(V1 + "/workers/mini/poll", "{\"incarnation\":\"inc-1\",\"free\":1,\"waitMs\":0}"),
          403, "forbidden");
      assertError(second.postJson(V1 + "/workers/mini/heartbeat", "{\"incarnation\":\"inc-1\",\"leases\":[]}"),
          403, "forbidden");
      assertError(second.postJson(V1 + "/workers/mini/goodbye", "{\"incarnation\":\"inc-1\",\"draining\":false}"),
          403, "forbidden");

      JsonNode workers = api.get(V1 + "/workers").json().get("workers");
      assertThat(workers).hasSize(1);
      assertThat(workers.get(0).get("status").asText()).as("still online, not stopped").isEqualTo("online");
      assertThat(first.postJson(V1 + "/workers/mini/poll", "{\"incarnation\":\"inc-1\",\"free\":1,\"waitMs\":0}")
          .status()).isEqualTo(200);
    }

    @Test
    void aWorkerTokenCannotSendOutputOrAResultForAnotherWorkersLease() {
      ApiClient first = api.withToken(issueToken("rack-1", TokenRole.WORKER));
      ApiClient second = api.withToken(issueToken("rack-2", TokenRole.WORKER));
      first.postJson(V1 + "/workers/mini/hello", hello("id-mini", "inc-1"));
      second.postJson(V1 + "/workers/other/hello", hello("id-other", "inc-1"));
      String id = submit("{\"command\":\"echo hi\"}").get("id").asText();
      JsonNode leased = first.postJson(V1 + "/workers/mini/poll", "{\"incarnation\":\"inc-1\",\"free\":1,\"waitMs\":0}")
          .json().get("jobs");
      assertThat(leased).hasSize(1);

      assertError(second.post(V1 + "/jobs/" + id + "/attempts/1/output?stream=stdout&offset=0",
          "application/octet-stream", "forged\n".getBytes(StandardCharsets.UTF_8)), 403, "forbidden");
      assertError(second.postJson(V1 + "/jobs/" + id + "/attempts/1/finish",
          "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}"), 403, "forbidden");

      assertThat(job(id).get("state").asText()).isEqualTo("running");
      assertThat(api.get(V1 + "/jobs/" + id + "/output").text()).isEmpty();
      assertThat(first.postJson(V1 + "/jobs/" + id + "/attempts/1/finish",
          "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}").status()).isEqualTo(200);
    }

    @Test
    void aRevokedOwnerFreesTheNameForAnotherWorkerToken() {
      ApiClient first = api.withToken(issueToken("rack-1", TokenRole.WORKER));
      ApiClient second = api.withToken(issueToken("rack-2", TokenRole.WORKER));
      first.postJson(V1 + "/workers/mini/hello", hello("id-mini", "inc-1"));
      store.revokeToken("rack-1", clock.instant());

      assertThat(second.postJson(V1 + "/workers/mini/hello", hello("id-mini", "inc-2")).status()).isEqualTo(200);
      assertThat(second.postJson(V1 + "/workers/mini/poll", "{\"incarnation\":\"inc-2\",\"free\":1,\"waitMs\":0}")
          .status()).isEqualTo(200);
    }
  }

  private static String hello(String workerId, String incarnation) {
    return "{\"workerId\":\"%s\",\"incarnation\":\"%s\",\"labels\":[],\"slots\":1}".formatted(workerId, incarnation);
  }

  private static String id(ApiClient.Response submitted) {
    assertThat(submitted.status()).as(submitted.text()).isEqualTo(201);
    return submitted.json().get("id").asText();
  }

  private static List<String> ids(ApiClient.Response list) {
    assertThat(list.status()).as(list.text()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    list.json().get("jobs").forEach(j -> ids.add(j.get("id").asText()));
    return ids;
  }

  private static List<String> jobIds(SseReader stream) {
    return stream.events("job").stream().map(e -> e.json().get("jobId").asText()).toList();
  }
}
