package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobApiTest extends CoordinatorTestSupport {

  @Test
  void aSubmittedJobIsQueuedAndCanBeReadBack() {
    JsonNode created = submit("{\"command\":\"echo hi\",\"labels\":[\"light\"],\"timeout\":\"30m\",\"priority\":5}");

    assertThat(created.get("id").asText()).startsWith("j_");
    assertThat(created.get("state").asText()).isEqualTo("queued");
    JsonNode read = job(created.get("id").asText());
    assertThat(read.get("command").asText()).isEqualTo("echo hi");
    assertThat(read.get("spec").get("timeout").asText()).isEqualTo("30m");
    assertThat(read.get("spec").get("labels").get(0).asText()).isEqualTo("light");
    assertThat(read.get("spec").get("priority").asInt()).isEqualTo(5);
    assertThat(read.get("attempts").isArray()).isTrue();
    assertThat(read.get("attempts")).isEmpty();
    assertThat(read.get("waiting").asText()).startsWith("no worker is online");
  }

  @Test
  void listingShowsNewestFirstAndFiltersByState() {
    String first = submit("{\"command\":\"echo 1\"}").get("id").asText();
    String second = submit("{\"command\":\"echo 2\"}").get("id").asText();
    api.postJson(V1 + "/jobs/" + first + "/cancel", "");

    JsonNode all = jobs();
    assertThat(all).extracting(j -> j.get("id").asText()).containsExactly(second, first);
    JsonNode cancelled = api.get(V1 + "/jobs?state=cancelled").json().get("jobs");
    assertThat(cancelled).extracting(j -> j.get("id").asText()).containsExactly(first);
  }

  @Test
  void listingPagesWithTheCursor() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(0, submit("{\"command\":\"echo " + i + "\"}").get("id").asText());
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = api.get(V1 + "/jobs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.get("jobs").forEach(j -> seen.add(j.get("id").asText()));
      cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
    } while (cursor != null);

    assertThat(seen).isEqualTo(ids);
  }

  @Test
  void cancellingAQueuedJobEndsItAndASecondCancelIsAConflict() {
    String id = submit("{\"command\":\"sleep 100\"}").get("id").asText();

    ApiClient.Response cancelled = api.postJson(V1 + "/jobs/" + id + "/cancel", "");
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");

    ApiClient.Response again = api.postJson(V1 + "/jobs/" + id + "/cancel", "");
    assertError(again, 409, "already_finished");
    assertThat(again.errorMessage()).contains(id, "cancelled");
  }

  @Test
  void theSameIdempotencyKeyAndSpecReturnsTheSameJob() {
    ApiClient.Response first = api.postJson(V1 + "/jobs", "{\"command\":\"echo hi\",\"key\":\"nightly-1\"}");
    ApiClient.Response second = api.postJson(V1 + "/jobs", "{\"command\":\"echo hi\"}",
        Map.of("Idempotency-Key", "nightly-1"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void theSameIdempotencyKeyWithAnotherSpecIsAConflict() {
    String id = submit("{\"command\":\"echo hi\",\"key\":\"k1\"}").get("id").asText();

    ApiClient.Response r = api.postJson(V1 + "/jobs", "{\"command\":\"echo bye\",\"key\":\"k1\"}");

    assertError(r, 409, "key_conflict");
    assertThat(r.errorMessage()).contains("k1", id);
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void aKeyInTheHeaderAndADifferentOneInTheBodyIsRefused() {
    ApiClient.Response r = api.postJson(V1 + "/jobs", "{\"command\":\"echo hi\",\"key\":\"a\"}",
        Map.of("Idempotency-Key", "b"));

    assertError(r, 400, "invalid_field");
    assertThat(r.errorMessage()).contains("'a'", "'b'");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aSingleJobReadSaysWhyAJobWithAMissingLabelWaits() {
    hello("mini", "id-mini", "inc-1", "os:mac");
    hello("pi", "id-pi", "inc-1");
    String id = submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}").get("id").asText();

    assertThat(job(id).get("waiting").asText()).isEqualTo("no online worker has label gpu (2 workers online: mini, pi)");
  }

  @Test
  void aSingleJobReadSaysWhenAScheduledJobWillStart() {
    String id = submit("{\"command\":\"backup\",\"delay\":\"10m\"}").get("id").asText();

    assertThat(job(id).get("waiting").asText()).matches("scheduled for \\S+Z \\(in 10m\\)");
  }

  @Test
  void aSingleJobReadNamesATargetWorkerThatNeverRegistered() {
    String id = submit("{\"command\":\"uptime\",\"worker\":\"rpi4\"}").get("id").asText();

    assertThat(job(id).get("waiting").asText()).isEqualTo("no worker named rpi4 has registered");
  }

  @Test
  void workersAreListedWithTheirStatusAndJobs() {
    hello("mini", "id-mini", "inc-1", "gpu");
    String id = submit("{\"command\":\"sleep 1\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    JsonNode workers = api.get(V1 + "/workers").json().get("workers");

    assertThat(workers).hasSize(1);
    JsonNode mini = workers.get(0);
    assertThat(mini.get("name").asText()).isEqualTo("mini");
    assertThat(mini.get("status").asText()).isEqualTo("online");
    assertThat(mini.get("labels")).extracting(JsonNode::asText).containsExactly("gpu");
    assertThat(mini.get("jobs")).extracting(JsonNode::asText).containsExactly(id);
  }
}
