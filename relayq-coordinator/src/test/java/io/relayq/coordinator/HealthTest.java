package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest extends CoordinatorTestSupport {

  @Test
  void livenessAndReadinessAnswerWhileTheStoreWorks() {
    ApiClient.Response healthz = api.get("/healthz");
    ApiClient.Response readyz = api.get("/readyz");

    assertThat(healthz.status()).isEqualTo(200);
    assertThat(healthz.json().get("status").asText()).isEqualTo("ok");
    assertThat(readyz.status()).isEqualTo(200);
    assertThat(readyz.json().get("status").asText()).isEqualTo("ready");
  }

  @Test
  void readinessFailsInTheErrorShapeOnceTheStoreIsGone() {
    store.close();

    ApiClient.Response readyz = api.get("/readyz");

    assertError(readyz, 503, "store_unavailable");
  }

  @Test
  void theUrlNamesTheBoundPort() {
    assertThat(coordinator.port()).isPositive();
    assertThat(coordinator.url().toString()).isEqualTo("http://127.0.0.1:" + coordinator.port());
  }
}
