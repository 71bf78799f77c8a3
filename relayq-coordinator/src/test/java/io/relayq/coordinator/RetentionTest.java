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
  void thePrunedJobsFilesGoWithItAndUnsubmittedUploadsAfterADay() {
    byte[] input = {1, 2, 3};
    byte[] output = {4, 5};
    String inputId = upload(input);
    String abandoned = upload(new byte[] {9});
    hello("mini", "id-mini", "inc-1");
    String jobId = submit(("{\"command\":\"true\",\"collect\":[\"out\"],\"inputs\":[{\"name\":\"in\",\"upload\":\"%s\","
        + "\"size\":3,\"sha256\":\"%s\"}]}").formatted(inputId, FileApiTest.sha256(input))).get("id").asText();
    pollNow("mini", "inc-1", 1);
    ApiClient.Response put = api.sendBytes("PUT", V1 + "/jobs/" + jobId + "/attempts/1/outputs/out?worker=mini",
        java.util.Map.of(FileRoutes.SHA256_HEADER, FileApiTest.sha256(output)), output);
    assertThat(put.status()).as(put.text()).isEqualTo(201);
    finish(jobId, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");
    String outputId = store.files().jobFiles(jobId).stream().filter(f -> f.name().equals("out")).findFirst()
        .orElseThrow().blob().id();

    clock.advance(RETENTION.plusSeconds(1));

    await().atMost(generous()).untilAsserted(() -> {
      assertThat(api.get(V1 + "/jobs/" + jobId).status()).isEqualTo(404);
      assertThat(store.files().findBlob(inputId)).isEmpty();
      assertThat(store.files().findBlob(outputId)).isEmpty();
    });
    assertThat(store.files().findBlob(abandoned)).as("an unsubmitted upload gets a day").isPresent();
    clock.advance(FileSweep.ABANDONED_AFTER);
    await().atMost(generous()).untilAsserted(() -> assertThat(store.files().findBlob(abandoned)).isEmpty());
  }

  private String upload(byte[] data) {
    ApiClient.Response r = api.sendBytes("POST", V1 + "/uploads",
        java.util.Map.of(FileRoutes.SHA256_HEADER, FileApiTest.sha256(data)), data);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("upload").asText();
  }

  @Test
  void theRetentionIsAtMostTenYearsAndZeroKeepsJobsForEver() {
    assertThat(CoordinatorConfig.defaults().retention()).isEqualTo(Duration.ofDays(14));
    assertThat(new Retention(store, clock, Duration.ZERO, null).enabled()).isFalse();
    assertThat(new Retention(store, clock, Duration.ofDays(14), null).interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(new Retention(store, clock, Duration.ofSeconds(3), null).interval()).isEqualTo(Duration.ofSeconds(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CoordinatorConfig.defaults().withRetention(Duration.ofDays(4000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
  }
}
