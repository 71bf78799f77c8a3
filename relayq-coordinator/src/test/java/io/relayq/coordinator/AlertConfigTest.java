package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertConfigTest {
  private static final URI HOOK = URI.create("https://hooks.example.com/relayq");

  @Test
  void byDefaultNoWebhookWantsAnything() {
    AlertConfig none = CoordinatorConfig.defaults().alerts();

    assertThat(none.webhooks()).isEmpty();
    assertThat(none.wants(AlertEvent.JOB_FAILED)).isFalse();
    assertThat(none.workerOfflineFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(none.jobStuckFor()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aWebhookWithoutAnEventFilterWantsEveryEvent() {
    AlertConfig c = AlertConfig.none().withWebhooks(List.of(AlertConfig.Webhook.all(HOOK),
        new AlertConfig.Webhook(URI.create("http://127.0.0.1:9000/only-failures"), Set.of(AlertEvent.JOB_FAILED))));

    assertThat(c.webhooks().get(0).wants(AlertEvent.JOB_STUCK)).isTrue();
    assertThat(c.webhooks().get(1).wants(AlertEvent.JOB_FAILED)).isTrue();
    assertThat(c.webhooks().get(1).wants(AlertEvent.WORKER_OFFLINE)).isFalse();
  }

  @Test
  void eventsAreNamedOnTheWireWithDots() {
    assertThat(AlertEvent.fromWire("worker.offline")).isEqualTo(AlertEvent.WORKER_OFFLINE);
    assertThat(AlertEvent.JOB_LOST.wireName()).isEqualTo("job.lost");
    assertThatThrownBy(() -> AlertEvent.fromWire("job.done"))
        .hasMessage("unknown alert event 'job.done' (valid: job.failed, job.lost, worker.offline, job.stuck)");
  }

  @Test
  void badSettingsAreRefusedNamingTheSetting() {
    AlertConfig d = AlertConfig.none();

    assertThatThrownBy(() -> AlertConfig.Webhook.all(URI.create("ftp://example.com/x")))
        .hasMessageContaining("alerts.webhooks.url: 'ftp://example.com/x' is not an absolute http(s) URL");
    assertThatThrownBy(() -> AlertConfig.Webhook.all(URI.create("/hook"))).hasMessageContaining("alerts.webhooks.url");
    assertThatThrownBy(() -> d.withMaxAttempts(0)).hasMessage("alerts.maxAttempts: 0 is out of range 1..20");
    assertThatThrownBy(() -> d.withQueueCapacity(0)).hasMessageContaining("alerts.queueCapacity: 0");
    assertThatThrownBy(() -> d.withJobStuckFor(Duration.ZERO)).hasMessageContaining("alerts.jobStuckFor: 0ms");
    assertThatThrownBy(() -> d.withRetryBackoff(Duration.ofDays(1))).hasMessageContaining("alerts.retryBackoff");
  }
}
