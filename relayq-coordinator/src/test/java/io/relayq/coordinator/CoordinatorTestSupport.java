package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayq.core.auth.TokenRole;
import io.relayq.store.JobStore;
import io.relayq.store.TokenIssuer;
import io.relayq.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real coordinator on a free port over a real SQLite file in a temp directory, and a plain HTTP
 * client for it. Each test gets a fresh one.
 */
abstract class CoordinatorTestSupport {
  static final String V1 = "/api/v1";

  @TempDir
  Path dir;

  final TestClock clock = new TestClock();
  JobStore store;
  Coordinator coordinator;
  /** A client with an admin token: may call everything. */
  ApiClient api;
  String adminToken;

  /**
   * The config tests run with. The background reaper runs once at start and then not for an hour,
   * so tests that expire leases decide when it runs ({@code coordinator.reaper().runOnce()}).
   */
  CoordinatorConfig config() {
    return CoordinatorConfig.defaults().withPort(0).withReaperInterval(Duration.ofHours(1));
  }

  @BeforeEach
  void startCoordinator() {
    store = SqliteJobStore.open(dir.resolve("relayq.db"));
    adminToken = issueToken("test-admin", TokenRole.ADMIN);
    coordinator = Coordinator.start(config(), store, clock);
    api = new ApiClient(coordinator.url(), adminToken);
  }

  @AfterEach
  void stopCoordinator() {
    if (coordinator != null) {
      coordinator.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** A new token in the store, as {@code relayq token create} makes one; returns its text. */
  String issueToken(String name, TokenRole role) {
    return TokenIssuer.issue(store, name, role, clock.instant());
  }

  // ---- shortcuts for the calls most tests make -------------------------------------------------

  JsonNode submit(String json) {
    ApiClient.Response r = api.postJson(V1 + "/jobs", json);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  JsonNode job(String id) {
    ApiClient.Response r = api.get(V1 + "/jobs/" + id);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  JsonNode jobs() {
    ApiClient.Response r = api.get(V1 + "/jobs");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().get("jobs");
  }

  /** Registers a worker the way an agent does; returns the welcome. */
  JsonNode hello(String name, String workerId, String incarnation, String... labels) {
    String labelJson = String.join(",", java.util.Arrays.stream(labels).map(l -> "\"" + l + "\"").toList());
    ApiClient.Response r = api.postJson(V1 + "/workers/" + name + "/hello", """
        {"workerId":"%s","incarnation":"%s","labels":[%s],"slots":2,"version":"0.1.0","host":"%s.local"}"""
        .formatted(workerId, incarnation, labelJson, name));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  /** A poll that answers at once (waitMs 0). */
  JsonNode pollNow(String name, String incarnation, int free) {
    ApiClient.Response r = poll(name, incarnation, free, 0);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  ApiClient.Response poll(String name, String incarnation, int free, long waitMs) {
    return api.postJson(V1 + "/workers/" + name + "/poll",
        "{\"incarnation\":\"%s\",\"free\":%d,\"waitMs\":%d}".formatted(incarnation, free, waitMs));
  }

  ApiClient.Response finish(String jobId, int attempt, String body) {
    return api.postJson(V1 + "/jobs/" + jobId + "/attempts/" + attempt + "/finish", body);
  }

  ApiClient.Response appendOutput(String jobId, int attempt, String stream, long offset, byte[] data) {
    return api.post(V1 + "/jobs/" + jobId + "/attempts/" + attempt + "/output?stream=" + stream + "&offset=" + offset,
        "application/octet-stream", data);
  }

  static void assertError(ApiClient.Response r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.errorCode()).as(r.text()).isEqualTo(code);
    assertThat(r.errorMessage()).as("an error message a person can act on").isNotBlank();
  }

  static Duration generous() {
    return Duration.ofSeconds(10);
  }
}
