package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A long poll outlives what it was opened for: the worker behind it may crash, be replaced by a new
 * start, or begin draining while the request waits. None of those may lease it a job.
 */
class OpenPollTest extends CoordinatorTestSupport {

  private CompletableFuture<ApiClient.Response> openPoll(String name, String incarnation, int free) {
    CompletableFuture<ApiClient.Response> polling = api.postJsonAsync(V1 + "/workers/" + name + "/poll",
        "{\"incarnation\":\"%s\",\"free\":%d,\"waitMs\":25000}".formatted(incarnation, free));
    // the poll is open once it has claimed nothing and waits; give it a moment to get there
    await().pollDelay(Duration.ofMillis(200)).atMost(generous()).until(() -> !polling.isDone());
    return polling;
  }

  private static ApiClient.Response answer(CompletableFuture<ApiClient.Response> polling) {
    return await().atMost(generous()).until(() -> polling.getNow(null), r -> r != null);
  }

  @Test
  void aPollOpenedBeforeItsWorkerLostALeaseLeasesNothingMore() {
    hello("crashy", "id-crashy", "inc-1");
    String id = submit("{\"command\":\"sleep 60\",\"lease\":\"2s\"}").get("id").asText();
    assertThat(pollNow("crashy", "inc-1", 1).get("jobs")).hasSize(1);
    // the worker crashed, but the poll it had open is still held by the coordinator
    CompletableFuture<ApiClient.Response> stale = openPoll("crashy", "inc-1", 1);

    clock.advance(Duration.ofSeconds(3));
    assertThat(coordinator.reaper().runOnce()).isEqualTo(1);

    ApiClient.Response r = answer(stale);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("jobs")).isEmpty();
    assertThat(job(id).get("state").asText()).isEqualTo("queued");
    // a poll the worker sends afterwards proves it alive again
    assertThat(pollNow("crashy", "inc-1", 1).get("jobs").get(0).get("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void aNewStartOfTheWorkerEndsThePollOfTheOldOneAsSuperseded() {
    hello("phoenix", "id-phoenix", "inc-1");
    CompletableFuture<ApiClient.Response> old = openPoll("phoenix", "inc-1", 1);

    hello("phoenix", "id-phoenix", "inc-2");

    assertError(answer(old), 409, "superseded");
    String id = submit("{\"command\":\"true\"}").get("id").asText();
    assertThat(pollNow("phoenix", "inc-2", 1).get("jobs").get(0).get("jobId").asText()).isEqualTo(id);
  }

  @Test
  void drainingEndsTheOpenPollAtOnceAndLeasesNothing() {
    hello("mini", "id-mini", "inc-1");
    CompletableFuture<ApiClient.Response> polling = openPoll("mini", "inc-1", 2);

    ApiClient.Response bye = api.postJson(V1 + "/workers/mini/goodbye", "{\"incarnation\":\"inc-1\",\"draining\":true}");
    assertThat(bye.status()).as(bye.text()).isEqualTo(204);

    ApiClient.Response r = answer(polling);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("jobs")).isEmpty();
    submit("{\"command\":\"true\"}");
    assertThat(pollNow("mini", "inc-1", 2).get("jobs")).isEmpty();
  }
}
