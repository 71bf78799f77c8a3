package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook alerts delivered over real HTTP to receivers the tests start. */
class AlertsTest extends CoordinatorTestSupport {
  private final WebhookReceiver receiver = WebhookReceiver.answering(204);

  @Override
  CoordinatorConfig config() {
    return super.config().withAlerts(alerts(List.of(AlertConfig.Webhook.all(receiver.url()))));
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void aFailedJobIsPostedAsJson() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"exit 3\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":3}");

    WebhookReceiver.Request r = await().atMost(generous()).until(receiver::requests, l -> l.size() == 1).get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.event()).isEqualTo("job.failed");
    assertThat(r.alertId()).isEqualTo("job.failed:" + id + ":1");
    assertThat(r.body().get("id").asText()).isEqualTo(r.alertId());
    assertThat(r.body().get("event").asText()).isEqualTo("job.failed");
    assertThat(r.body().get("text").asText())
        .isEqualTo("job " + id + " failed (exit code 3) on worker mini after 1 of 3 attempts: exit 3");
    assertThat(r.body().at("/job/id").asText()).isEqualTo(id);
    assertThat(r.body().at("/job/state").asText()).isEqualTo("failed");
    assertThat(r.body().at("/job/exitCode").asInt()).isEqualTo(3);
    assertThat(r.body().at("/job/link").asText()).isEqualTo(coordinator.url() + "/#/jobs/" + id);
  }

  @Test
  void aLostLeaseIsPostedWithWhatHappensNext() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 600\",\"lease\":\"5s\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    clock.advance(Duration.ofMinutes(1));

    coordinator.reaper().runOnce();

    WebhookReceiver.Request r = await().atMost(generous()).until(receiver::requests, l -> l.size() == 1).get(0);
    assertThat(r.event()).isEqualTo("job.lost");
    assertThat(r.body().at("/job/id").asText()).isEqualTo(id);
    assertThat(r.body().at("/job/state").asText()).isEqualTo("queued");
    assertThat(r.body().get("text").asText()).contains("its worker stopped renewing the lease",
        "queued again for attempt 2 of 3");
  }

  @Test
  void aWorkerOfflineLongerThanTheThresholdIsPostedOnce() {
    hello("rpi4", "id-rpi4", "inc-1");
    clock.advance(CoordinatorConfig.DEFAULT_WORKER_OFFLINE_AFTER.plus(Duration.ofMinutes(1)).plusSeconds(1));

    coordinator.snapshots().refresh();
    await().atMost(generous()).until(receiver::requests, l -> l.size() == 1);
    coordinator.snapshots().refresh();

    await().atMost(generous()).until(() -> coordinator.alerts().pending() == 0);
    WebhookReceiver.Request r = receiver.requests().get(0);
    assertThat(receiver.requests()).as("raised once per outage").hasSize(1);
    assertThat(r.event()).isEqualTo("worker.offline");
    assertThat(r.body().at("/worker/name").asText()).isEqualTo("rpi4");
    assertThat(r.body().at("/worker/offlineFor").asText()).isEqualTo("1m");
    assertThat(r.body().get("text").asText()).startsWith("worker rpi4 has been offline for 1m");
  }

  @Test
  void aJobNoOnlineWorkerCanRunIsPostedAsStuck() {
    hello("mini", "id-mini", "inc-1", "light");
    String id = submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}").get("id").asText();
    clock.advance(Duration.ofMinutes(6));
    api.postJson(V1 + "/workers/mini/heartbeat", "{\"incarnation\":\"inc-1\",\"leases\":[]}");

    coordinator.snapshots().refresh();

    WebhookReceiver.Request r = await().atMost(generous()).until(receiver::requests, l -> l.size() == 1).get(0);
    assertThat(r.event()).isEqualTo("job.stuck");
    assertThat(r.body().at("/job/id").asText()).isEqualTo(id);
    assertThat(r.body().at("/job/waiting").asText()).isEqualTo("no online worker has label gpu (1 worker online: mini)");
    assertThat(r.body().get("text").asText()).startsWith("job " + id + " has waited 6m and no online worker can run it");
  }

  @Test
  void eachWebhookGetsOnlyTheEventsItAsksFor() {
    try (WebhookReceiver failures = WebhookReceiver.answering(200);
        WebhookReceiver workers = WebhookReceiver.answering(200)) {
      restartWith(alerts(List.of(new AlertConfig.Webhook(failures.url(), Set.of(AlertEvent.JOB_FAILED)),
          new AlertConfig.Webhook(workers.url(), Set.of(AlertEvent.WORKER_OFFLINE)))));
      hello("mini", "id-mini", "inc-1");
      String id = submit("{\"command\":\"false\"}").get("id").asText();
      pollNow("mini", "inc-1", 1);
      finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":1}");
      clock.advance(Duration.ofMinutes(5));
      coordinator.snapshots().refresh();

      await().atMost(generous()).until(() -> failures.requests().size() == 1 && workers.requests().size() == 1);
      await().atMost(generous()).until(() -> coordinator.alerts().pending() == 0);
      assertThat(failures.requests()).extracting(WebhookReceiver.Request::event).containsExactly("job.failed");
      assertThat(workers.requests()).extracting(WebhookReceiver.Request::event).containsExactly("worker.offline");
    }
  }

  @Test
  void aFailingWebhookIsRetriedWithTheSameAlertIdUntilItAnswers() {
    try (WebhookReceiver flaky = WebhookReceiver.answering(500, 503, 200)) {
      restartWith(alerts(List.of(AlertConfig.Webhook.all(flaky.url()))));
      failOneJob();

      await().atMost(generous()).until(() -> flaky.requests().size() == 3 && coordinator.alerts().pending() == 0);
      assertThat(flaky.requests()).extracting(WebhookReceiver.Request::alertId).containsOnly(
          flaky.requests().get(0).alertId());
      PrometheusText m = new PrometheusText(api.get("/metrics").text());
      assertThat(m.value("relayq_alerts_total{event=\"job.failed\",result=\"sent\"}")).isEqualTo(1.0);
    }
  }

  @Test
  void aWebhookThatRefusesTheAlertIsNotAskedAgain() {
    try (WebhookReceiver refusing = WebhookReceiver.answering(400)) {
      restartWith(alerts(List.of(AlertConfig.Webhook.all(refusing.url()))));
      failOneJob();

      await().atMost(generous()).until(() -> coordinator.alerts().pending() == 0 && !refusing.requests().isEmpty());
      assertThat(refusing.requests()).hasSize(1);
      PrometheusText m = new PrometheusText(api.get("/metrics").text());
      assertThat(m.value("relayq_alerts_total{event=\"job.failed\",result=\"failed\"}")).isEqualTo(1.0);
    }
  }

  @Test
  void aHangingWebhookNeverSlowsTheQueueAndAlertsBeyondTheQueueAreDropped() {
    try (WebhookReceiver hanging = WebhookReceiver.hanging()) {
      restartWith(alerts(List.of(AlertConfig.Webhook.all(hanging.url()))).withTimeout(Duration.ofSeconds(60))
          .withQueueCapacity(2).withMaxAttempts(1));
      hello("mini", "id-mini", "inc-1");

      for (int i = 0; i < 5; i++) {
        String id = submit("{\"command\":\"false " + i + "\"}").get("id").asText();
        pollNow("mini", "inc-1", 1);
        long start = System.nanoTime();
        ApiClient.Response r = finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":1}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a finish does not wait for the 60s webhook")
            .isLessThan(Duration.ofSeconds(5));
      }

      await().atMost(generous()).until(() -> hanging.requests().size() == 2);
      assertThat(coordinator.alerts().pending()).isEqualTo(2);
      PrometheusText m = new PrometheusText(api.get("/metrics").text());
      assertThat(m.value("relayq_alerts_total{event=\"job.failed\",result=\"dropped\"}")).isEqualTo(3.0);
    }
  }

  private void failOneJob() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"false\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);
    finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":1}");
  }

  /** Fast retries, so a test sees several tries in milliseconds. */
  private static AlertConfig alerts(List<AlertConfig.Webhook> webhooks) {
    return AlertConfig.none().withWebhooks(webhooks).withWorkerOfflineFor(Duration.ofMinutes(1))
        .withJobStuckFor(Duration.ofMinutes(5)).withRetryBackoff(Duration.ofMillis(10));
  }

  private void restartWith(AlertConfig alerts) {
    coordinator.close();
    coordinator = Coordinator.start(super.config().withAlerts(alerts), store, clock);
    api = new ApiClient(coordinator.url(), adminToken);
  }
}
