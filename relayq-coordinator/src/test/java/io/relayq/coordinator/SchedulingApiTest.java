package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Preferred workers, concurrency groups, delays and dependencies through the HTTP API: what a job
 * page says while it waits, which poll gets it, and the 4xx answers to bad scheduling input.
 */
class SchedulingApiTest extends CoordinatorTestSupport {

  @Test
  void aPreferredJobWaitsForItsWorkerThenAnyWorkerTakesIt() {
    hello("pi", "id-pi", "inc-1", "os:linux");
    String id = submit("{\"command\":\"make\",\"prefer\":[\"mac\"],\"preferWait\":\"2m\"}").get("id").asText();

    assertThat(pollNow("pi", "inc-1", 1).get("jobs")).isEmpty();
    JsonNode waiting = job(id);
    assertThat(waiting.get("waiting").asText())
        .isEqualTo("waiting for preferred worker mac, 2m left (none online), then any matching worker");
    assertThat(waiting.at("/spec/preferLabels/0").asText()).isEqualTo("mac");
    assertThat(waiting.at("/spec/preferWait").asText()).isEqualTo("2m");

    clock.advance(Duration.ofSeconds(73));
    heartbeat("pi", "inc-1");
    assertThat(pollNow("pi", "inc-1", 1).get("jobs")).isEmpty();
    assertThat(job(id).get("waiting").asText()).startsWith("waiting for preferred worker mac, 47s left");

    clock.advance(Duration.ofSeconds(47));
    assertThat(pollNow("pi", "inc-1", 1).at("/jobs/0/jobId").asText()).isEqualTo(id);
  }

  @Test
  void aPreferredWorkerTakesTheJobAtOnce() {
    hello("pi", "id-pi", "inc-1");
    hello("mini", "id-mini", "inc-1", "mac");
    String id = submit("{\"command\":\"make\",\"prefer\":[\"mac\"]}").get("id").asText();

    assertThat(job(id).get("waiting").asText()).isEqualTo("waiting to be picked up by preferred worker mac");
    assertThat(pollNow("pi", "inc-1", 1).get("jobs")).isEmpty();
    assertThat(pollNow("mini", "inc-1", 1).at("/jobs/0/jobId").asText()).isEqualTo(id);
  }

  @Test
  void aFullGroupHoldsItsJobsAndSaysSo() {
    hello("mini", "id-mini", "inc-1");
    String first = submit("{\"command\":\"ffmpeg 1\",\"group\":\"transcode\"}").get("id").asText();
    String second = submit("{\"command\":\"ffmpeg 2\",\"group\":\"transcode\",\"groupLimit\":1}").get("id").asText();

    JsonNode polled = pollNow("mini", "inc-1", 2);

    assertThat(polled.get("jobs")).extracting(j -> j.get("jobId").asText()).containsExactly(first);
    assertThat(job(second).get("waiting").asText()).isEqualTo("concurrency group transcode is full (1 of 1 running)");
    ApiClient.Response done = finish(first, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");
    assertThat(done.status()).as(done.text()).isEqualTo(200);
    assertThat(pollNow("mini", "inc-1", 2).get("jobs")).extracting(j -> j.get("jobId").asText())
        .containsExactly(second);
  }

  @Test
  void aJobAfterAFailedJobEndsAsDependencyFailed() {
    hello("mini", "id-mini", "inc-1");
    String build = submit("{\"command\":\"make\",\"retries\":0}").get("id").asText();
    String deploy = submit("{\"command\":\"deploy\",\"after\":[\"" + build + "\"]}").get("id").asText();
    String notify = submit("{\"command\":\"notify\",\"after\":[\"" + deploy + "\"]}").get("id").asText();

    assertThat(job(deploy).get("waiting").asText()).isEqualTo("waiting for job " + build + " (queued) to succeed");
    assertThat(pollNow("mini", "inc-1", 2).get("jobs")).extracting(j -> j.get("jobId").asText()).containsExactly(build);
    finish(build, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":2}");

    for (String id : new String[] {deploy, notify}) {
      JsonNode ended = job(id);
      assertThat(ended.get("state").asText()).isEqualTo("failed");
      assertThat(ended.get("reason").asText()).isEqualTo("dependency_failed");
      assertThat(ended.get("attempts")).isEmpty();
    }
    assertThat(job(deploy).get("message").asText()).isEqualTo("job " + build + " it waited for failed");
  }

  @Test
  void aJobAfterASucceededJobStartsOnceItSucceeded() {
    hello("mini", "id-mini", "inc-1");
    String build = submit("{\"command\":\"make\"}").get("id").asText();
    String deploy = submit("{\"command\":\"deploy\",\"after\":[\"" + build + "\"]}").get("id").asText();
    pollNow("mini", "inc-1", 2);

    finish(build, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");

    assertThat(pollNow("mini", "inc-1", 2).at("/jobs/0/jobId").asText()).isEqualTo(deploy);
  }

  @Test
  void anUnknownDependencyIsRefusedAndNothingIsQueued() {
    ApiClient.Response r = api.postJson(V1 + "/jobs", "{\"command\":\"deploy\",\"after\":[\"j_0000000000000000\"]}");

    assertError(r, 422, "unknown_dependency");
    assertThat(r.errorMessage()).contains("j_0000000000000000");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void badSchedulingFieldsAreRefusedNamingTheField() {
    assertError(api.postJson(V1 + "/jobs", "{\"command\":\"x\",\"after\":[\"nope\"]}"), 400, "invalid_field");
    assertError(api.postJson(V1 + "/jobs", "{\"command\":\"x\",\"groupLimit\":2}"), 400, "invalid_field");
    assertError(api.postJson(V1 + "/jobs", "{\"command\":\"x\",\"group\":\"g\",\"groupLimit\":0}"), 400,
        "invalid_field");
    assertError(api.postJson(V1 + "/jobs", "{\"command\":\"x\",\"preferWait\":\"2m\"}"), 400, "invalid_field");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aStartTimeInThePastIsRefused() {
    String past = clock.instant().minus(Duration.ofHours(1)).toString();

    ApiClient.Response r = api.postJson(V1 + "/jobs", "{\"command\":\"backup\",\"runAt\":\"" + past + "\"}");

    assertError(r, 400, "invalid_field");
    assertThat(r.errorMessage()).contains("runAt", "in the past");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aDelayedJobSaysWhenItStartsAndRunsOnlyThen() {
    hello("mini", "id-mini", "inc-1");
    String at = clock.instant().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    String id = submit("{\"command\":\"backup\",\"runAt\":\"" + at + "\"}").get("id").asText();

    assertThat(job(id).get("waiting").asText()).isEqualTo("scheduled for " + at + " (in 3h)");
    assertThat(pollNow("mini", "inc-1", 1).get("jobs")).isEmpty();
    clock.advance(Duration.ofHours(3));
    assertThat(pollNow("mini", "inc-1", 1).at("/jobs/0/jobId").asText()).isEqualTo(id);
  }

  private void heartbeat(String name, String incarnation) {
    ApiClient.Response r = api.postJson(V1 + "/workers/" + name + "/heartbeat",
        "{\"incarnation\":\"" + incarnation + "\",\"leases\":[]}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }
}
