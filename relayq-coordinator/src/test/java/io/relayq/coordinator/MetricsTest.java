package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /metrics} scraped over HTTP while jobs go through the worker protocol by hand. */
class MetricsTest extends CoordinatorTestSupport {

  @Test
  void theScrapeIsPrometheusTextWithEveryRelayqMetric() {
    ApiClient.Response r = api.get("/metrics");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText m = new PrometheusText(r.text());
    assertThat(m.value("relayq_jobs{state=\"queued\"}")).isZero();
    assertThat(m.value("relayq_jobs{state=\"running\"}")).isZero();
    assertThat(m.value("relayq_jobs{state=\"succeeded\"}")).isZero();
    assertThat(m.value("relayq_jobs_submitted_total")).isZero();
    assertThat(m.value("relayq_lease_expirations_total")).isZero();
    assertThat(m.value("relayq_queue_oldest_age_seconds")).isZero();
    assertThat(m.value("relayq_workers{status=\"online\"}")).isZero();
    assertThat(m.value("relayq_store_up")).isEqualTo(1.0);
    assertThat(m.value("relayq_store_seconds_count{operation=\"extend_running_leases\"}")).isEqualTo(1.0);
    assertThat(r.text()).contains("# HELP relayq_jobs ", "jvm_memory_used_bytes");
  }

  @Test
  void valuesFollowJobsSubmittedLeasedAndFinished() {
    hello("mini", "id-mini", "inc-1", "light");
    String echo = submit("{\"command\":\"echo a\"}").get("id").asText();
    submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}");

    PrometheusText queued = scrapeUntil(m -> m.valueOrZero("relayq_jobs{state=\"queued\"}") == 2);
    assertThat(queued.value("relayq_jobs_submitted_total")).isEqualTo(2.0);
    assertThat(queued.value("relayq_queue_depth{requirement=\"any\"}")).isEqualTo(1.0);
    assertThat(queued.value("relayq_queue_depth{requirement=\"labels=gpu\"}")).isEqualTo(1.0);
    assertThat(queued.value("relayq_jobs_unrunnable")).isEqualTo(1.0);
    assertThat(queued.value("relayq_workers{status=\"online\"}")).isEqualTo(1.0);
    assertThat(queued.value("relayq_worker_slots{kind=\"total\"}")).isEqualTo(2.0);

    pollNow("mini", "inc-1", 1);
    PrometheusText running = scrapeUntil(m -> m.valueOrZero("relayq_jobs{state=\"running\"}") == 1);
    assertThat(running.value("relayq_jobs{state=\"queued\"}")).isEqualTo(1.0);
    assertThat(running.value("relayq_jobs_leased_total")).isEqualTo(1.0);
    assertThat(running.value("relayq_worker_slots{kind=\"used\"}")).isEqualTo(1.0);
    assertThat(running.has("relayq_queue_depth{requirement=\"any\"}")).as("no job of that routing waits").isFalse();

    assertThat(finish(echo, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}").status()).isEqualTo(200);
    PrometheusText done = scrapeUntil(m -> m.valueOrZero("relayq_jobs{state=\"running\"}") == 0);
    assertThat(done.value("relayq_jobs{state=\"succeeded\"}")).isEqualTo(1.0);
    assertThat(done.value("relayq_jobs_finished_total{reason=\"exit\",state=\"succeeded\"}")).isEqualTo(1.0);
    assertThat(done.value("relayq_job_duration_seconds_count{outcome=\"succeeded\"}")).isEqualTo(1.0);
    assertThat(done.value("relayq_job_duration_seconds_bucket{outcome=\"succeeded\",le=\"+Inf\"}")).isEqualTo(1.0);
    assertThat(done.value("relayq_http_requests_seconds_count{method=\"POST\",route=\"/api/v1/jobs\",status=\"201\"}"))
        .isEqualTo(2.0);
    assertThat(done.value("relayq_store_seconds_count{operation=\"submit\"}")).isEqualTo(2.0);
    assertThat(done.value("relayq_store_seconds_count{operation=\"claim\"}")).isEqualTo(1.0);
  }

  @Test
  void anExpiredLeaseIsCountedAndTheJobRetried() {
    hello("mini", "id-mini", "inc-1");
    submit("{\"command\":\"sleep 600\",\"lease\":\"5s\"}");
    pollNow("mini", "inc-1", 1);

    clock.advance(Duration.ofMinutes(1));
    coordinator.reaper().runOnce();

    PrometheusText m = new PrometheusText(api.get("/metrics").text());
    assertThat(m.value("relayq_lease_expirations_total")).isEqualTo(1.0);
    assertThat(m.value("relayq_job_retries_total{reason=\"lost\"}")).isEqualTo(1.0);
  }

  @Test
  void theOldestQueuedAgeGrowsWhileAJobWaits() {
    submit("{\"command\":\"echo waiting\"}");
    clock.advance(Duration.ofSeconds(90));

    PrometheusText m = scrapeUntil(s -> s.valueOrZero("relayq_queue_oldest_age_seconds") > 0);

    assertThat(m.value("relayq_queue_oldest_age_seconds")).isBetween(90.0, 120.0);
    assertThat(m.value("relayq_store_seconds_count{operation=\"queue_stats\"}")).isPositive();
  }

  @Test
  void aFailedRetryableExitIsARetryNotAFinish() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"flaky\",\"retries\":1,\"retryBackoff\":\"1s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":75}");

    PrometheusText m = new PrometheusText(api.get("/metrics").text());
    assertThat(m.value("relayq_job_retries_total{reason=\"exit\"}")).isEqualTo(1.0);
    assertThat(m.value("relayq_job_duration_seconds_count{outcome=\"retried\"}")).isEqualTo(1.0);
    assertThat(m.has("relayq_jobs_finished_total{reason=\"exit\",state=\"failed\"}")).isFalse();
  }

  private PrometheusText scrapeUntil(java.util.function.Predicate<PrometheusText> condition) {
    return await().atMost(generous()).pollInterval(Duration.ofMillis(100))
        .until(() -> new PrometheusText(api.get("/metrics").text()), condition);
  }
}
